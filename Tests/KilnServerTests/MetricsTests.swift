import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnServer

/// `/metrics` in the Prometheus text format, on every role, with the HTTP and `kiln_…` metrics an
/// operator starts from. The registry is the process's, shared by tests running at once, so each
/// test compares a metric before and after its own requests.
struct MetricsTests {
    /// One scrape: sample lines by name with labels (`name{a="b"}`), and the names `# TYPE` declares.
    struct Scrape {
        var samples: [String: Double] = [:]
        var types: [String: String] = [:]

        init(_ text: String) throws {
            for line in text.split(separator: "\n") {
                if line.hasPrefix("# TYPE ") {
                    let words = line.split(separator: " ")
                    types[String(words[2])] = String(words[3])
                    continue
                }
                guard !line.hasPrefix("#") else { continue }
                let space = try #require(line.lastIndex(of: " "), "\(line)")
                let series = String(line[..<space])
                let name = series.prefix { $0 != "{" }
                #expect(name.first.map { $0.isLetter || $0 == "_" || $0 == ":" } == true, "\(line)")
                #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }, "\(line)")
                let value: Double = try #require(Double(line[line.index(after: space)...]), "\(line)")
                samples[series] = value
            }
        }

        func value(_ series: String) -> Double { samples[series] ?? 0 }
    }

    static func scrape(_ client: some TestClientProtocol) async throws -> Scrape {
        let answer = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return try Scrape(String(decoding: answer.bytes, as: UTF8.self))
    }

    @Test func requestsUploadsBytesAndTheQueueAreCounted() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let before = try await Self.scrape(client)
            let id = try await DownloadTests().upload(client, headers: alice)
            let refused = try await client.upload(
                .file(try ImageUploadTests.fixture("cut-scan.jpg"), filename: "cut-scan.jpg"), to: "/api/v4/images", headers: alice)
            #expect(refused.status == .unprocessableContent)
            _ = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            _ = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: [:], body: nil)
            _ = try await client.executeRequest(uri: "/nope", method: .get, headers: [:], body: nil)
            let after = try await Self.scrape(client)

            func grew(_ series: String, by least: Double) {
                #expect(after.value(series) - before.value(series) >= least, "\(series)")
            }
            grew(#"kiln_uploads_total{type="file",outcome="stored"}"#, by: 1)
            grew(#"kiln_uploads_total{type="image",outcome="refused"}"#, by: 1)
            grew("kiln_served_bytes_total", by: 1000)
            grew("kiln_received_bytes_total", by: 1000)
            grew(#"kiln_image_processing_seconds_count{outcome="refused"}"#, by: 1)
            grew(#"hb_requests{http_route="/api/v3/files/{fileId}",http_request_method="GET",http_response_status_code="200"}"#, by: 1)
            grew(#"http_server_request_duration_count{http_route="/api/v3/files/{fileId}/download",http_request_method="GET",http_response_status_code="200"}"#, by: 1)
            // Errors are answered inside the metrics middleware, so they are timed too.
            grew(#"http_server_request_duration_count{http_route="NotFound",http_request_method="GET",http_response_status_code="404"}"#, by: 1)
            #expect(after.types["kiln_uploads_total"] == "counter")
            #expect(after.types["http_server_request_duration"] == "histogram")
            for state in ["queued", "running", "done", "failed"] {
                #expect(after.samples[#"kiln_transcode_jobs{state="\#(state)"}"#] != nil, "\(state)")
            }
        }
    }

    @Test func aTranscodeIsTimedAndTheWorkersAreShown() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let before = try await Self.scrape(client)
            let uploaded = try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice)
            let id = try #require(uploaded.json[0]?["fileId"]?.string)
            _ = try await client.waitForStatus(id, in: ["transcoded", "transcodeFailed"], headers: alice)
            let after = try await Self.scrape(client)
            #expect(after.value(#"kiln_transcodes_total{outcome="transcoded",failure_class=""}"#)
                - before.value(#"kiln_transcodes_total{outcome="transcoded",failure_class=""}"#) >= 1)
            #expect(after.value(#"kiln_transcode_duration_seconds_count{outcome="transcoded"}"#) >= 1)
            #expect(after.samples[#"kiln_transcode_workers{state="busy"}"#] != nil)
            #expect(after.samples[#"kiln_transcode_workers{state="idle"}"#] != nil)
        }
    }

    @Test func aWorkerNodeServesItsMetricsToo() async throws {
        var kiln = try TestKiln()
        defer { kiln.removeData() }
        kiln.configuration.role = .worker
        try await kiln.run { client in
            let scrape = try await Self.scrape(client)
            #expect(scrape.samples[#"kiln_transcode_jobs{state="queued"}"#] != nil)
        }
    }
}
