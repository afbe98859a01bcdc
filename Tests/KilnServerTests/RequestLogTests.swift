import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Logging
import Synchronization
import Testing

@testable import KilnServer

/// Request ids on every answer, and log lines a pipeline can parse that all carry them.
struct RequestLogTests {
    /// Log lines written by the app under test.
    final class CapturedLines: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var objects: [[String: Any]] {
            lines.withLock { $0 }.map { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": line]
            }
        }
    }

    static func jsonLogger(into captured: CapturedLines) -> Logger {
        var logger = Logger(label: "kiln") { label in
            JSONLogHandler(label: label, metadataProvider: .requestID) { captured.append($0) }
        }
        logger.logLevel = .info
        return logger
    }

    @Test func everyAnswerCarriesARequestIdAndASaneOneFromTheClientIsKept() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let kept = try await client.executeRequest(uri: "/healthz", method: .get, headers: [.xRequestID: "app-7f3a.b:c_d"], body: nil)
            #expect(kept.headers[.xRequestID] == "app-7f3a.b:c_d")
            var made: [String] = []
            for offered in [nil, "has space", "quote\"d", String(repeating: "a", count: 129), ""] {
                let headers: HTTPFields = offered.map { [.xRequestID: $0] } ?? [:]
                let answer = try await client.executeRequest(uri: "/healthz", method: .get, headers: headers, body: nil)
                let id = try #require(answer.headers[.xRequestID])
                #expect(id.count == 32 && id.allSatisfy(\.isHexDigit), "\(id) for \(offered ?? "none")")
                made.append(id)
            }
            #expect(Set(made).count == made.count)
            // Errors too: an unknown route, a refused token.
            for uri in ["/nope", "/api/v3/files"] {
                let error = try await client.executeRequest(uri: uri, method: .get, headers: [.xRequestID: "err-1"], body: nil)
                #expect(error.status.code >= 400)
                #expect(error.headers[.xRequestID] == "err-1", "\(uri)")
            }
        }
    }

    @Test func jsonLinesParseAndEveryLineOfARequestCarriesItsId() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let captured = CapturedLines()
        let uploadedId = try await kiln.run(logger: Self.jsonLogger(into: captured)) { client in
            var headers = alice
            headers[.xRequestID] = "upload-1"
            let uploaded = try await client.upload(.file(DownloadTests.bytes), headers: headers)
            let id = try #require(uploaded.json[0]?["fileId"]?.string)
            _ = try await client.executeRequest(uri: "/api/v3/files/\(id)?x=secret-query", method: .get, headers: [.xRequestID: "read-1"], body: nil)
            headers[.xRequestID] = "refused-1"
            let refused = try await client.upload(
                .file(try ImageUploadTests.fixture("cut-scan.jpg"), filename: "cut-scan.jpg"), to: "/api/v4/images", headers: headers)
            #expect(refused.status == .unprocessableContent)
            return id
        }
        let lines = captured.objects
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line["unparsed"] == nil, "\(line)")
            #expect((line["timestamp"] as? String)?.hasSuffix("Z") == true)
            #expect(line["level"] is String && line["message"] is String)
        }
        let access = lines.filter { $0["route"] != nil }
        let upload = try #require(access.first { $0["requestId"] as? String == "upload-1" })
        #expect(upload["method"] as? String == "POST")
        #expect(upload["route"] as? String == "/api/v4/files")
        #expect(upload["status"] as? Int == 200)
        #expect(upload["durationMs"] is Double)
        #expect(upload["fileId"] as? String == uploadedId)
        let read = try #require(access.first { $0["requestId"] as? String == "read-1" })
        #expect(read["path"] as? String == "/api/v3/files/\(uploadedId)")
        #expect(read["route"] as? String == "/api/v3/files/{fileId}")
        #expect(read["fileId"] as? String == uploadedId)
        #expect(!lines.contains { "\($0)".contains("secret-query") })
        // The refused image: the domain's own notice and the access line both carry the request's id.
        let refusedLines = lines.filter { $0["requestId"] as? String == "refused-1" }
        #expect(refusedLines.contains { $0["message"] as? String == "image refused" })
        #expect(refusedLines.contains { $0["status"] as? Int == 422 })
        // Lines logged outside any request carry no id.
        #expect(lines.contains { $0["requestId"] == nil })
    }

    @Test func valuesAreEscapedAndNumbersStayNumbers() {
        let captured = CapturedLines()
        var handler = JSONLogHandler(label: "t") { captured.append($0) }
        handler.logLevel = .trace
        Logger(label: "t") { _ in handler }.warning(
            "line\nbreak \"quoted\" \u{1}",
            metadata: ["count": .stringConvertible(3), "ratio": .stringConvertible(0.5), "message": "clash", "list": ["a", .stringConvertible(true)]])
        let line = try! #require(captured.objects.first)
        #expect(line["message"] as? String == "line\nbreak \"quoted\" \u{1}")
        #expect(line["metadata.message"] as? String == "clash")
        #expect(line["count"] as? Int == 3)
        #expect(line["ratio"] as? Double == 0.5)
        #expect((line["list"] as? [Any])?.count == 2)
        #expect(line["level"] as? String == "warning")
    }
}
