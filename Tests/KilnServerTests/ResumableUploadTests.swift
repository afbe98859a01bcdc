import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import NIOCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// tus 1.0 at `/api/v4/uploads` through the real app: every extension Kiln names, the error codes,
/// turns between requests, expiry on a test clock, and bytes past a recorded offset after a crash.
/// `scripts/check-tus` drives the same with tuspy, node kills and a cluster.
struct ResumableUploadTests {
    static let collection = "/api/v4/uploads"

    static func tusHeaders(_ authorization: HTTPFields, _ extra: [HTTPField.Name: String] = [:]) -> HTTPFields {
        var headers = authorization
        headers[.tusResumable] = "1.0.0"
        for (name, value) in extra { headers[name] = value }
        return headers
    }

    static func metadata(_ pairs: [String: String]) -> String { TusMetadata.encode(pairs) }

    /// Creates an upload; its path.
    static func create(
        _ client: some TestClientProtocol, _ authorization: HTTPFields, length: Int?, metadata pairs: [String: String] = [:]
    ) async throws -> String {
        var extra: [HTTPField.Name: String] = [.uploadMetadata: metadata(pairs)]
        if let length { extra[.uploadLength] = String(length) } else { extra[.uploadDeferLength] = "1" }
        let response = try await client.executeRequest(
            uri: collection, method: .post, headers: tusHeaders(authorization, extra), body: nil)
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let location = try #require(response.headers[.location])
        #expect(location.hasPrefix("http://kiln.test/api/v4/uploads/"))
        return String(location.dropFirst("http://kiln.test".count))
    }

    static func patch(
        _ client: some TestClientProtocol, _ path: String, _ authorization: HTTPFields, offset: Int, _ bytes: some Collection<UInt8>,
        extra: [HTTPField.Name: String] = [:]
    ) async throws -> TestResponse {
        var headers = tusHeaders(authorization, extra)
        headers[.uploadOffset] = String(offset)
        if headers[.contentType] == nil { headers[.contentType] = "application/offset+octet-stream" }
        return try await client.executeRequest(uri: path, method: .patch, headers: headers, body: ByteBuffer(bytes: Array(bytes)))
    }

    static func head(_ client: some TestClientProtocol, _ path: String, _ authorization: HTTPFields) async throws -> TestResponse {
        try await client.executeRequest(uri: path, method: .head, headers: tusHeaders(authorization), body: nil)
    }

    static func sha1(_ bytes: some Collection<UInt8>) -> String {
        Data(Insecure.SHA1.hash(data: Array(bytes))).base64EncodedString()
    }

    static let text = Array(String(repeating: "Resumable uploads survive bad networks.\n", count: 700).utf8)

    @Test func optionsSaysWhatKilnSpeaks() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let response = try await client.executeRequest(uri: Self.collection, method: .options, headers: [:], body: nil)
            #expect(response.status == .noContent)
            #expect(response.headers[.tusVersion] == "1.0.0")
            #expect(response.headers[.tusResumable] == "1.0.0")
            let extensions = Set((response.headers[.tusExtension] ?? "").split(separator: ",").map(String.init))
            #expect(extensions == ["creation", "creation-with-upload", "creation-defer-length", "termination", "checksum", "expiration"])
            #expect(response.headers[.tusChecksumAlgorithm]?.contains("sha1") == true)
            #expect(response.headers[.tusMaxSize] == String(UploadLimits.default.maxVideoBytes))
            let images = try await client.executeRequest(uri: Self.collection + "?kind=image", method: .options, headers: [:], body: nil)
            #expect(images.headers[.tusMaxSize] == String(UploadLimits.default.maxImageBytes))
        }
    }

    @Test func anotherVersionIs412AndNoTokenIs401() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            var headers = try await kiln.authorization()
            headers[.uploadLength] = "10"
            let missing = try await client.executeRequest(uri: Self.collection, method: .post, headers: headers, body: nil)
            #expect(missing.status == .preconditionFailed)
            #expect(missing.headers[.tusVersion] == "1.0.0")
            headers[.tusResumable] = "0.2.2"
            let older = try await client.executeRequest(uri: Self.collection, method: .post, headers: headers, body: nil)
            #expect(older.status == .preconditionFailed)
            #expect(older.json["code"]?.number == 412)
            let anonymous = try await client.executeRequest(
                uri: Self.collection, method: .post, headers: [.tusResumable: "1.0.0", .uploadLength: "10"], body: nil)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func chunksBecomeTheFileAMultipartUploadWouldHaveMade() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(
                client, alice, length: Self.text.count,
                metadata: ["filename": "notes.txt", "kind": "file", "altText": "some notes", "accessType": "network"])
            var offset = 0
            for piece in [0..<1000, 1000..<20_000, 20_000..<Self.text.count] {
                let response = try await Self.patch(client, path, alice, offset: offset, Self.text[piece])
                #expect(response.status == .noContent, "\(String(buffer: response.body))")
                offset = piece.upperBound
                #expect(response.headers[.uploadOffset] == String(offset))
                #expect(response.headers[.uploadExpires].flatMap(HTTPDate.parse) != nil)
                #expect((response.headers[.kilnFileId] != nil) == (offset == Self.text.count))
            }
            let head = try await Self.head(client, path, alice)
            #expect(head.status == .ok)
            #expect(head.headers[.uploadOffset] == String(Self.text.count))
            #expect(head.headers[.uploadLength] == String(Self.text.count))
            #expect(head.headers[.cacheControl] == "no-store")
            let fileId = try #require(head.headers[.kilnFileId])
            let metadata = try TusMetadata.parse(head.headers[.uploadMetadata] ?? "")
            #expect(metadata["filename"] == "notes.txt" && metadata["kind"] == "file")

            let file = try await client.executeRequest(uri: "/api/v3/files/\(fileId)", method: .get, headers: alice, body: nil)
            #expect(file.status == .ok)
            let object = file.json["data"] ?? file.json
            #expect(object["fileId"]?.string == fileId)
            #expect(object["attributes"]?["name"]?.string == "notes.txt")
            #expect(object["altText"]?.string == "some notes")
            #expect(object["accessType"]?.string == "network")
            #expect(object["attributes"]?["size"]?.number == Double(Self.text.count))
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(fileId)/download", method: .get, headers: alice, body: nil)
            #expect(download.bytes == Self.text)
            // Finished, it only answers for its file.
            let late = try await Self.patch(client, path, alice, offset: Self.text.count, [1, 2, 3])
            #expect(late.status == .conflict)
        }
    }

    @Test func creationWithUploadAndDeferredLength() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            var headers = Self.tusHeaders(alice, [
                .uploadLength: String(Samples.png.count), .uploadMetadata: Self.metadata(["filename": "dot.bin"]),
                .contentType: "application/offset+octet-stream",
            ])
            headers[.contentLength] = String(Samples.text.count)
            let whole = try await client.executeRequest(
                uri: Self.collection, method: .post,
                headers: Self.tusHeaders(alice, [
                    .uploadLength: String(Samples.text.count), .contentType: "application/offset+octet-stream",
                    .uploadMetadata: Self.metadata(["filename": "fox.txt"]),
                ]),
                body: ByteBuffer(bytes: Samples.text))
            #expect(whole.status == .created, "\(String(buffer: whole.body))")
            #expect(whole.headers[.uploadOffset] == String(Samples.text.count))
            #expect(whole.headers[.kilnFileId] != nil)

            let path = try await Self.create(client, alice, length: nil, metadata: ["filename": "later.txt"])
            let first = try await Self.patch(client, path, alice, offset: 0, Self.text[0..<5000])
            #expect(first.status == .noContent)
            let head = try await Self.head(client, path, alice)
            #expect(head.headers[.uploadDeferLength] == "1")
            #expect(head.headers[.uploadLength] == nil)
            let last = try await Self.patch(
                client, path, alice, offset: 5000, Self.text[5000...], extra: [.uploadLength: String(Self.text.count)])
            #expect(last.status == .noContent)
            let fileId = try #require(last.headers[.kilnFileId])
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(fileId)/download", method: .get, headers: alice, body: nil)
            #expect(download.bytes == Self.text)
        }
    }

    @Test func aChunkWhoseChecksumFailsIs460AndDropped() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(client, alice, length: Self.text.count)
            let piece = Self.text[0..<4000]
            let wrong = try await Self.patch(
                client, path, alice, offset: 0, piece, extra: [.uploadChecksum: "sha1 " + Self.sha1(Self.text[1..<4001])])
            #expect(wrong.status.code == 460)
            #expect(try await Self.head(client, path, alice).headers[.uploadOffset] == "0")
            let unknown = try await Self.patch(client, path, alice, offset: 0, piece, extra: [.uploadChecksum: "crc99 AAAA"])
            #expect(unknown.status == .badRequest)
            let right = try await Self.patch(client, path, alice, offset: 0, piece, extra: [.uploadChecksum: "sha1 " + Self.sha1(piece)])
            #expect(right.status == .noContent)
            #expect(right.headers[.uploadOffset] == "4000")
        }
    }

    @Test func refusalsSayWhy() async throws {
        var limits = UploadLimits.default
        limits.maxImageBytes = 10_000
        let kiln = try TestKiln(limits: limits)
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let bob = try await kiln.authorization("bob")
            let tooLarge = try await client.executeRequest(
                uri: Self.collection, method: .post,
                headers: Self.tusHeaders(alice, [.uploadLength: "10001", .uploadMetadata: Self.metadata(["kind": "image"])]), body: nil)
            #expect(tooLarge.status == .contentTooLarge)
            let badKind = try await client.executeRequest(
                uri: Self.collection, method: .post,
                headers: Self.tusHeaders(alice, [.uploadLength: "10", .uploadMetadata: Self.metadata(["kind": "movie"])]), body: nil)
            #expect(badKind.status == .badRequest)
            let both = try await client.executeRequest(
                uri: Self.collection, method: .post, headers: Self.tusHeaders(alice, [.uploadLength: "10", .uploadDeferLength: "1"]),
                body: nil)
            #expect(both.status == .badRequest)

            let path = try await Self.create(client, alice, length: 100)
            #expect(try await Self.patch(client, path, alice, offset: 5, [1, 2, 3]).status == .conflict)
            #expect(try await Self.patch(client, path, alice, offset: 0, [1, 2, 3], extra: [.contentType: "text/plain"]).status
                == .unsupportedMediaType)
            #expect(try await Self.patch(client, path, alice, offset: 0, [UInt8](repeating: 1, count: 101)).status == .contentTooLarge)
            #expect(try await Self.head(client, path, alice).headers[.uploadOffset] == "0")
            // Another caller's upload is no upload at all.
            #expect(try await Self.head(client, path, bob).status == .notFound)
            #expect(try await Self.patch(client, path, bob, offset: 0, [1]).status == .notFound)
            let bobDeletes = try await client.executeRequest(uri: path, method: .delete, headers: Self.tusHeaders(bob), body: nil)
            #expect(bobDeletes.status == .notFound)
            #expect(try await Self.head(client, Self.collection + "/" + ResumableUploadID.random().rawValue, alice).status == .notFound)
        }
    }

    @Test func theWrongKindIsRefusedAtTheFirstChunkAndLeavesNothing() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(client, alice, length: Self.text.count, metadata: ["kind": "image"])
            let first = try await Self.patch(client, path, alice, offset: 0, Self.text[0..<10_000])
            #expect(first.status == .unsupportedMediaType)
            #expect(try await Self.head(client, path, alice).status == .notFound)
            #expect(kiln.storedBlobFiles.isEmpty)
            #expect(try await kiln.rowCount() == 0)
        }
    }

    @Test func terminationLeavesNothing() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(client, alice, length: Self.text.count)
            #expect(try await Self.patch(client, path, alice, offset: 0, Self.text[0..<9000]).status == .noContent)
            #expect(!kiln.storedBlobFiles.isEmpty)
            let deleted = try await client.executeRequest(uri: path, method: .delete, headers: Self.tusHeaders(alice), body: nil)
            #expect(deleted.status == .noContent)
            #expect(try await Self.head(client, path, alice).status == .notFound)
            #expect(kiln.storedBlobFiles.isEmpty)
        }
    }

    @Test func expiredUploadsAreGoneAndSwept() async throws {
        var configured = try TestKiln()
        configured.configuration.resumable.expiry = .seconds(3600)
        let kiln = configured
        defer { kiln.removeData() }
        let start = kiln.clock.freeze()
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(client, alice, length: Self.text.count)
            let patched = try await Self.patch(client, path, alice, offset: 0, Self.text[0..<9000])
            #expect(patched.headers[.uploadExpires] == HTTPDate.format(start.addingTimeInterval(3600)))
            kiln.clock.advance(by: .seconds(1800))
            // Every chunk renews the expiry.
            let again = try await Self.patch(client, path, try await kiln.authorization(), offset: 9000, Self.text[9000..<10_000])
            #expect(again.headers[.uploadExpires] == HTTPDate.format(start.addingTimeInterval(5400)))
            kiln.clock.advance(by: .seconds(3600))
            #expect(try await Self.head(client, path, try await kiln.authorization()).status == .gone)
        }
        // The start-up sweep drops what expired.
        try await kiln.run { _ in }
        #expect(kiln.storedBlobFiles.isEmpty)
    }

    @Test func aLiveUploadSurvivesTheStartUpSweepAndARestart() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let path = try await kiln.run { client in
            let path = try await Self.create(client, alice, length: Self.text.count, metadata: ["filename": "notes.txt"])
            #expect(try await Self.patch(client, path, alice, offset: 0, Self.text[0..<12_345]).status == .noContent)
            return path
        }
        // TestKiln's sweep grace is zero: only the upload's record keeps its bytes.
        try await kiln.run { client in
            let head = try await Self.head(client, path, alice)
            #expect(head.headers[.uploadOffset] == "12345")
            let last = try await Self.patch(client, path, alice, offset: 12_345, Self.text[12_345...])
            let fileId = try #require(last.headers[.kilnFileId])
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(fileId)/download", method: .get, headers: alice, body: nil)
            #expect(download.bytes == Self.text)
        }
    }

    /// A crash after the bytes were written but before their offset was: the next HEAD says the
    /// recorded offset, every byte of which is there, and the rest continues from it.
    @Test func bytesPastTheRecordedOffsetAreNotCounted() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let alice = try await kiln.authorization()
            let path = try await Self.create(client, alice, length: Self.text.count)
            #expect(try await Self.patch(client, path, alice, offset: 0, Self.text[0..<7000]).status == .noContent)
            let partFile = try #require(kiln.storedBlobFiles.first { $0.hasSuffix("/resumable") })
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: kiln.configuration.blobFolder + "/" + partFile))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: 0xEE, count: 3000))
            try handle.close()
            #expect(try await Self.head(client, path, alice).headers[.uploadOffset] == "7000")
            let last = try await Self.patch(client, path, alice, offset: 7000, Self.text[7000...])
            let fileId = try #require(last.headers[.kilnFileId])
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(fileId)/download", method: .get, headers: alice, body: nil)
            #expect(download.bytes == Self.text)
        }
    }

    /// A PATCH whose connection hangs mid-chunk holds the upload; the client, back on a new
    /// connection, asks where it stands: the hung request is stopped, keeps what it received, and
    /// the client goes on from there. Nothing is corrupted either way.
    @Test func aNewRequestStopsAHungOneWhichKeepsItsBytes() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run(.ahc()) { client in
            let alice = try await kiln.authorization()
            let token = try await kiln.token()
            let path = try await Self.create(client, alice, length: Self.text.count)
            let hung = try RawHTTPConnection(port: try #require(client.port))
            let head = [
                "PATCH \(path) HTTP/1.1", "Host: localhost", "Authorization: Bearer \(token)", "Tus-Resumable: 1.0.0",
                "Upload-Offset: 0", "Content-Type: application/offset+octet-stream", "Content-Length: \(Self.text.count)",
            ].joined(separator: "\r\n") + "\r\n\r\n"
            hung.send(Array(head.utf8) + Self.text[0..<10_000])
            // Once the hung request holds the upload (a probe finds it held).
            let database = try kiln.database()
            let id = try #require(ResumableUploadID(rawValue: String(path.split(separator: "/").last ?? "")))
            _ = try await eventually({
                let now = kiln.clock.now()
                let claim = try await database.claimResumable(id, holder: "probe", until: now.addingTimeInterval(5), now: now)
                if case .claimed = claim { try await database.releaseResumable(id, holder: "probe") }
                return claim
            }, until: { $0 == ResumableClaim.held })
            // Asked where it stands, the node stops the hung request, which records what it
            // received before it let go: every byte of that offset is the client's.
            let offset = try #require(Int(try await Self.head(client, path, alice).headers[.uploadOffset] ?? ""))
            #expect((0...10_000).contains(offset))
            // A second PATCH at a stale offset never writes over them.
            if offset > 0 { #expect(try await Self.patch(client, path, alice, offset: 0, Self.text[0..<100]).status == .conflict) }
            let last = try await Self.patch(client, path, alice, offset: offset, Self.text[offset...])
            let fileId = try #require(last.headers[.kilnFileId], "\(last.status) \(String(buffer: last.body))")
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(fileId)/download", method: .get, headers: alice, body: nil)
            #expect(download.bytes == Self.text)
            #expect(hung.waitUntilClosed(within: Patience.seconds))
        }
    }
}

extension ResumableUploadTests {
    /// tus-js-client and Uppy in a page of another origin: the preflight allows tus's headers, and
    /// every answer lets the page read them.
    @Test func browsersOnOtherOriginsMayUploadAndReadTheHeaders() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let origin: HTTPFields = [.origin: "https://app.example"]
            let preflight = try await client.executeRequest(
                uri: Self.collection, method: .options,
                headers: origin + [.accessControlRequestMethod: "POST", .accessControlRequestHeaders: "tus-resumable, upload-length"],
                body: nil)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Upload-Offset") == true)
            #expect(preflight.headers[.tusVersion] == "1.0.0")
            let alice = try await kiln.authorization()
            let created = try await client.executeRequest(
                uri: Self.collection, method: .post, headers: Self.tusHeaders(alice + origin, [.uploadLength: "10"]), body: nil)
            #expect(created.status == .created)
            #expect(created.headers[.accessControlAllowOrigin] == "*")
            #expect(created.headers[.accessControlExposeHeaders]?.contains("Location") == true)
            #expect(created.headers[.accessControlExposeHeaders]?.contains("Kiln-File-Id") == true)
        }
    }
}
