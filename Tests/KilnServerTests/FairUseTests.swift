import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Per-user upload limits and the data folder's free-space floor, through the real app. Time is
/// Kiln's injected clock, frozen and moved by the tests; nothing sleeps for the hour.
struct FairUseTests {
    static func kiln(_ limits: FairUseLimits) throws -> TestKiln {
        var kiln = try TestKiln()
        kiln.configuration.fairUse = limits
        return kiln
    }

    /// An upload with its `Content-Length`, as clients send it.
    static func upload(_ client: some TestClientProtocol, bytes: Int, headers: HTTPFields, declared: Bool = true)
        async throws -> TestResponse
    {
        let form = MultipartForm.file([UInt8](repeating: 0x61, count: bytes), filename: "a.txt")
        var headers = headers
        headers[.contentType] = form.contentType
        if declared { headers[.contentLength] = "\(form.bytes.count)" }
        return try await client.executeRequest(uri: "/api/v4/files", method: .post, headers: headers, body: form.body)
    }

    static func refusals(_ scrape: MetricsTests.Scrape, _ limit: String) -> Double {
        scrape.value("kiln_upload_refusals_total{limit=\"\(limit)\"}")
    }

    @Test func theHoursBytesAre429WithRetryAfterUntilTheWindowFreesThem() async throws {
        let kiln = try Self.kiln(FairUseLimits(uploadsInFlight: nil, bytesPerHour: 10_000, storedBytes: nil))
        defer { kiln.removeData() }
        let start = kiln.clock.freeze()
        // Tokens that outlive the hour the clock is moved by.
        let alice: HTTPFields = [.authorization: "Bearer \(try await kiln.token(lifetime: .seconds(7200)))"]
        let bob = try await kiln.authorization("bob")
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let before = try await MetricsTests.scrape(client)
            #expect(try await Self.upload(client, bytes: 6000, headers: alice).status == .ok)
            let rows = try await kiln.rowCount()
            let blobs = kiln.storedBlobFiles

            // Refused from Content-Length, before the body is stored.
            let refused = try await Self.upload(client, bytes: 6000, headers: alice)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.json["code"]?.number == 429)
            #expect(refused.json["status"]?.string == "error")
            // The first upload's bytes stop counting at the end of their minute, an hour later.
            let minute = (start.timeIntervalSince1970 / 60).rounded(.down)
            let expected = Int((minute + 60) * 60 - start.timeIntervalSince1970)
            #expect(refused.headers[.retryAfter] == "\(expected)")

            // Without Content-Length: counted as it streams, refused when it passes the limit.
            let streamed = try await Self.upload(client, bytes: 6000, headers: alice, declared: false)
            #expect(streamed.status == .tooManyRequests)
            #expect(streamed.headers[.retryAfter] == "\(expected)")
            // Nothing of either refusal is left: no row, no bytes, no temporary file.
            #expect(try await kiln.rowCount() == rows)
            #expect(kiln.storedBlobFiles == blobs)

            // Limits are per user; admins are not limited.
            #expect(try await Self.upload(client, bytes: 6000, headers: bob).status == .ok)
            #expect(try await Self.upload(client, bytes: 20_000, headers: admin).status == .ok)
            // One upload larger than the hour's limit never fits: 413.
            #expect(try await Self.upload(client, bytes: 20_000, headers: alice).status == .contentTooLarge)
            // One past the endpoint's own limit is the endpoint's 413, not counted as the caller's.
            var huge = alice
            huge[.contentType] = "multipart/form-data; boundary=b"
            huge[.contentLength] = "\(kiln.configuration.limits.maxFileBytes * 2)"
            let pastTheEndpoint = try await client.executeRequest(uri: "/api/v4/files", method: .post, headers: huge, body: nil)
            #expect(pastTheEndpoint.status == .contentTooLarge)
            #expect(pastTheEndpoint.json["message"]?.string?.contains("limit of this endpoint") == true, "\(pastTheEndpoint.json)")

            // A second before the window frees the bytes it is still refused; then it works.
            kiln.clock.advance(by: .seconds(expected - 1))
            #expect(try await Self.upload(client, bytes: 6000, headers: alice).status == .tooManyRequests)
            kiln.clock.advance(by: .seconds(1))
            #expect(try await Self.upload(client, bytes: 6000, headers: alice).status == .ok)

            let after = try await MetricsTests.scrape(client)
            #expect(Self.refusals(after, "bytes_per_hour") - Self.refusals(before, "bytes_per_hour") == 4)
        }
    }

    @Test func storedBytesPastTheQuotaAre507UntilFilesAreDeleted() async throws {
        let kiln = try Self.kiln(FairUseLimits(uploadsInFlight: nil, bytesPerHour: nil, storedBytes: 10_000))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let before = try await MetricsTests.scrape(client)
            let first = try await Self.upload(client, bytes: 6000, headers: alice)
            #expect(first.status == .ok)
            let id = try #require(first.json[0]?["fileId"]?.string)
            let blobs = kiln.storedBlobFiles

            // Refused from Content-Length before the body, and counted from the body without it.
            for declared in [true, false] {
                let refused = try await Self.upload(client, bytes: 6000, headers: alice, declared: declared)
                #expect(refused.status.code == 507)
                #expect(refused.json["code"]?.number == 507)
                #expect(refused.json["message"]?.string?.contains("6000 of the 10000 bytes") == true)
            }
            #expect(try await kiln.rowCount() == 1)
            #expect(kiln.storedBlobFiles == blobs)
            // What still fits is taken.
            #expect(try await Self.upload(client, bytes: 3000, headers: alice).status == .ok)

            let deleted = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil)
            #expect(deleted.status == .ok)
            #expect(try await Self.upload(client, bytes: 6000, headers: alice).status == .ok)

            let after = try await MetricsTests.scrape(client)
            #expect(Self.refusals(after, "stored_bytes") - Self.refusals(before, "stored_bytes") == 2)
        }
    }

    /// An upload in flight holds its place: with one allowed, the next is 429 before its body is read,
    /// and allowed again once the first is gone.
    @Test func uploadsInFlightPastTheLimitAre429() async throws {
        let kiln = try Self.kiln(FairUseLimits(uploadsInFlight: 1, bytesPerHour: nil, storedBytes: nil))
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            var held: RawHTTPConnection? = try RawHTTPConnection(port: port)
            _ = held?.send(RawHTTPConnection.unfinishedUpload(token: token, beginning: "in flight"))
            // Each try on a connection of its own: a refusal closes its connection.
            let form = MultipartForm.file([UInt8](repeating: 0x61, count: 100), filename: "a.txt")
            let request = String(decoding: form.rawHead(token: token, extraHeaders: ["Connection: close"]) + form.bytes, as: UTF8.self)
            let upload = {
                try await RawHTTPConnection.blocking {
                    let connection = try RawHTTPConnection(port: port)
                    connection.send(Array(request.utf8))
                    return connection.readUntilClosed().answer
                }
            }
            // The held upload is admitted (before its body is read) once its temporary file exists.
            #expect(await eventually({ kiln.storedBlobFiles }, until: { !$0.isEmpty }).count == 1)
            let refused = try await upload()
            #expect(refused.hasPrefix("HTTP/1.1 429"))
            #expect(refused.lowercased().contains("retry-after: 1\r\n"))
            #expect(refused.contains(#""code":429"#) && refused.contains(#""status":"error""#))
            withExtendedLifetime(held) {}
            held = nil  // closes the connection: the upload is gone
            let next = try await eventually(upload) { $0.hasPrefix("HTTP/1.1 200") }
            #expect(next.hasPrefix("HTTP/1.1 200"))
        }
        // The refused upload left nothing; the one stored is the only file.
        #expect(kiln.storedBlobFiles.filter { $0.hasPrefix(".tmp") } == [])
        #expect(try await kiln.rowCount() == 1)
    }

    /// The data folder keeps `dataFreeBytes` free: an upload that would leave less is 507 before the
    /// disk is full, and leaves nothing behind.
    @Test func anUploadPastTheDataFoldersFreeSpaceFloorIs507() async throws {
        var kiln = try TestKiln()
        defer { kiln.removeData() }
        // More than any disk has free.
        kiln.configuration.dataFreeBytes = 1 << 60
        let alice = try await kiln.authorization()
        try await kiln.run { [kiln] client in
            let before = try await MetricsTests.scrape(client)
            for declared in [true, false] {
                let refused = try await Self.upload(client, bytes: 5000, headers: alice, declared: declared)
                #expect(refused.status.code == 507)
                #expect(refused.json["message"]?.string == "the server is out of storage space; try again later")
            }
            let after = try await MetricsTests.scrape(client)
            #expect(Self.refusals(after, "data_free_bytes") - Self.refusals(before, "data_free_bytes") == 2)
        }
        #expect(try await kiln.rowCount() == 0)
        #expect(kiln.storedBlobFiles == [])
    }

    @Test func theHourlyLedgerForgetsBytesAnHourAfterTheirMinute() {
        let ledger = HourlyByteLedger()
        let start = Date(timeIntervalSince1970: 1_800_000_000)  // a minute's start, not a now
        #expect(ledger.count(600, for: "a", limit: 1000, at: start) == nil)
        #expect(ledger.count(300, for: "a", limit: 1000, at: start.addingTimeInterval(600)) == nil)
        // 500 more needs the first 600 gone: an hour after the start.
        #expect(ledger.count(500, for: "a", limit: 1000, at: start.addingTimeInterval(1200)) == .seconds(2400))
        #expect(ledger.used(by: "a", at: start.addingTimeInterval(1200)) == 900)
        #expect(ledger.count(500, for: "a", limit: 1000, at: start.addingTimeInterval(3600)) == nil)
        #expect(ledger.used(by: "a", at: start.addingTimeInterval(3600)) == 800)
        #expect(ledger.used(by: "b", at: start) == 0)
    }
}
