import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct DownloadTests {
    static let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }

    func upload(_ client: some TestClientProtocol, _ bytes: [UInt8] = DownloadTests.bytes, filename: String = "data.bin",
        accessType: String = "public", headers: HTTPFields) async throws -> String
    {
        let response = try await client.upload(.file(bytes, filename: filename, fields: [("accessType", accessType)]), headers: headers)
        return try #require(response.json[0]?["fileId"]?.string)
    }

    func get(_ client: some TestClientProtocol, _ uri: String, _ headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }

    @Test func aPublicDownloadCarriesItsRepresentationHeaders() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await upload(client, Samples.png, filename: "pic.txt", headers: alice)
            let response = try await get(client, "/api/v3/files/\(id)/download")
            #expect(response.status == .ok)
            #expect(response.bytes == Samples.png)
            #expect(response.headers[.contentType] == "image/png")
            #expect(response.headers[.contentLength] == String(Samples.png.count))
            #expect(response.headers[.eTag] == "\"\(id)-original\"")
            #expect(response.headers[.lastModified].flatMap(HTTPDate.parse) != nil)
            #expect(response.headers[.acceptRanges] == "bytes")
            #expect(response.headers[.cacheControl]?.hasPrefix("public") == true)
            #expect(response.headers[.xContentTypeOptions] == "nosniff")
            #expect(response.headers[.contentDisposition]?.hasPrefix("inline; filename=\"pic.txt\"") == true)
        }
    }

    @Test func validatorsAnswer304() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await upload(client, headers: alice)
            let uri = "/api/v3/files/\(id)/download"
            let first = try await get(client, uri)
            let etag = try #require(first.headers[.eTag])
            let lastModified = try #require(first.headers[.lastModified])

            for match in [etag, "W/\(etag)", "\"other\", \(etag)", "*"] {
                let cached = try await get(client, uri, [.ifNoneMatch: match])
                #expect(cached.status == .notModified, "\(match)")
                #expect(cached.bytes.isEmpty)
                #expect(cached.headers[.eTag] == etag)
            }
            #expect(try await get(client, uri, [.ifNoneMatch: "\"stale\""]).status == .ok)
            #expect(try await get(client, uri, [.ifModifiedSince: lastModified]).status == .notModified)
            #expect(try await get(client, uri, [.ifModifiedSince: "Sun, 06 Nov 1994 08:49:37 GMT"]).status == .ok)
        }
    }

    @Test func rangesAreServedAsTheRFCSays() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let uri = "/api/v3/files/\(try await upload(client, headers: alice))/download"
            let cases: [(String, ClosedRange<Int>)] = [
                ("bytes=0-9", 0...9), ("bytes=990-", 990...999), ("bytes=-5", 995...999), ("bytes=500-5000", 500...999),
                ("bytes=-2000", 0...999), ("bytes=0-0", 0...0),
            ]
            for (header, expected) in cases {
                let response = try await get(client, uri, [.range: header])
                #expect(response.status == .partialContent, "\(header)")
                #expect(response.bytes == Array(Self.bytes[expected]), "\(header)")
                #expect(response.headers[.contentRange] == "bytes \(expected.lowerBound)-\(expected.upperBound)/1000")
                #expect(response.headers[.contentLength] == String(expected.count))
            }
            for header in ["bytes=1000-", "bytes=5000-6000", "bytes=-0"] {
                let response = try await get(client, uri, [.range: header])
                #expect(response.status == .rangeNotSatisfiable, "\(header)")
                #expect(response.headers[.contentRange] == "bytes */1000")
                #expect(response.json["code"]?.number == 416)
            }
            for header in ["bytes=0-1,5-6", "lines=1-2", "bytes=9-2"] {
                let response = try await get(client, uri, [.range: header])
                #expect(response.status == .ok, "\(header)")
                #expect(response.bytes == Self.bytes)
            }
        }
    }

    @Test func documentsABrowserWouldRenderAreAttachments() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let documents: [(String, String)] = [
                ("<!doctype html><script>alert(1)</script>", "text/html"),
                ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "image/svg+xml"),
                ("<?xml version=\"1.0\"?><x/>", "application/xml"),
            ]
            for (text, mimeType) in documents {
                let id = try await upload(client, Array(text.utf8), filename: "pic.png", headers: alice)
                let response = try await get(client, "/api/v3/files/\(id)/download")
                #expect(response.headers[.contentType] == mimeType)
                #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true, "\(mimeType)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            let binary = try await upload(client, [0, 1, 2, 3, 0xFE], headers: alice)
            let response = try await get(client, "/api/v3/files/\(binary)/download")
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
        }
    }

    @Test func networkFilesNeedATokenOrAValidSignature() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        try await kiln.run { client in
            let id = try await upload(client, accessType: "network", headers: alice)
            let other = try await upload(client, accessType: "network", headers: alice)
            let path = "/api/v3/files/\(id)/download"

            let anonymous = try await get(client, path)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["status"]?.string == "error")

            let withToken = try await get(client, path, bob)
            #expect(withToken.status == .ok)
            #expect(withToken.bytes == Self.bytes)
            #expect(withToken.headers[.cacheControl]?.hasPrefix("private") == true)
            #expect(try await get(client, path, [.authorization: "Bearer not.a.token"]).status == .unauthorized)

            let object = try await get(client, "/api/v3/files/\(id)", bob)
            let signedURL = try #require(object.json["signedUrl"]?.string)
            let signedPath = String(signedURL.dropFirst("http://kiln.test".count))
            let signed = try await get(client, signedPath)
            #expect(signed.status == .ok)
            #expect(signed.bytes == Self.bytes)
            #expect(try await get(client, signedPath + "&size=small").status == .ok)
            #expect(try await get(client, signedPath, [.range: "bytes=0-3"]).status == .partialContent)

            let query = signedPath.split(separator: "?")[1]
            #expect(try await get(client, "/api/v3/files/\(other)/download?\(query)").status == .unauthorized)
            let tampered = signedPath.dropLast() + (signedPath.hasSuffix("0") ? "1" : "0")
            #expect(try await get(client, String(tampered)).status == .unauthorized)
            let expiry = Int(kiln.clock.now().timeIntervalSince1970) + 10_000
            #expect(try await get(client, path + "?" + query.replacing(/exp=\d+/, with: "exp=\(expiry)")).status == .unauthorized)

            let past = kiln.clock.now().addingTimeInterval(-120)
            let signer = URLSigner(secret: TestKiln.secret, lifetime: .seconds(60), clock: WallClock { past })
            let expired = try await get(client, path + "?" + signer.queryItems(for: path, query: nil, grant: .anyVariant))
            #expect(expired.status == .unauthorized)
            #expect(expired.json["message"]?.string?.contains("expired") == true)
        }
    }

    @Test func signedURLsExpireAfterTheirLifetime() async throws {
        let kiln = try TestKiln(signedURLLifetime: .seconds(60))
        defer { kiln.removeData() }
        kiln.clock.freeze()
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await upload(client, accessType: "network", headers: alice)
            let signedURL = try #require(try await get(client, "/api/v3/files/\(id)", alice).json["signedUrl"]?.string)
            let signedPath = String(signedURL.dropFirst("http://kiln.test".count))
            #expect(try await get(client, signedPath).status == .ok)
            kiln.clock.advance(by: .seconds(59))
            #expect(try await get(client, signedPath).status == .ok)
            kiln.clock.advance(by: .seconds(2))
            #expect(try await get(client, signedPath).status == .unauthorized)
        }
    }

    @Test func unknownFilesAre404() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let response = try await get(client, "/api/v3/files/\(FileID.random())/download")
            #expect(response.status == .notFound)
            #expect(response.json["status"]?.string == "error")
        }
    }
}

struct HeadDownloadTests {
    @Test func headAnnouncesTheRepresentationWithoutSendingIt() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { client in
            let uploaded = try await client.upload(.file(DownloadTests.bytes), headers: alice)
            let id = try #require(uploaded.json[0]?["fileId"]?.string)
            let head = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .head, headers: [:], body: nil)
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == "1000")
            #expect(head.headers[.eTag] == "\"\(id)-original\"")
            #expect(head.bytes.isEmpty)
            // The connection stays usable after a HEAD answer.
            let get = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [.range: "bytes=0-1"], body: nil)
            #expect(get.bytes == Array(DownloadTests.bytes[0...1]))
        }
    }
}
