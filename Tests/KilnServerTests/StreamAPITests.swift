import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Stream's file API as its server SDKs call it (the wire captured from `getstream` 7.0.0): `?api_key=`,
/// the raw JWT in `Authorization`, `stream-auth-type: jwt`, form fields before the file, and every
/// refusal in Stream's error shape. `scripts/check-stream` drives the SDK itself.
struct StreamAPITests {
    static let apiKey = "kiln-test-app"
    static let apiSecret = "stream-test-secret-0123456789abcdef-0123456789"

    static func kiln() throws -> TestKiln {
        var kiln = try TestKiln()
        kiln.configuration.stream = try StreamCredentials(apiKey: apiKey, apiSecret: apiSecret)
        return kiln
    }

    /// A JWT over `claims` signed with `secret` as PyJWT signs it for Stream's SDKs (the server's is
    /// over `{}`), whatever `alg` its header names.
    static func token(_ claims: [String: JSONValue] = [:], secret: String = apiSecret, algorithm: String = "HS256") -> String {
        TokenTests.HandMadeToken(header: ["alg": algorithm, "typ": "JWT"], claims: claims).signed(hmacKey: Array(secret.utf8))
    }

    static func headers(_ token: String) -> HTTPFields {
        var headers: HTTPFields = [.authorization: token]
        headers[HTTPField.Name("stream-auth-type")!] = "jwt"
        return headers
    }

    /// Stream's SDK form: `user` first (JSON), then the file.
    static func form(_ bytes: [UInt8], filename: String = "notes.txt", contentType: String = "text/plain", user: String? = nil)
        -> MultipartForm
    {
        MultipartForm(
            (user.map { [MultipartForm.Part.field("user", #"{"id": "\#($0)"}"#)] } ?? [])
                + [.file(name: "file", filename: filename, contentType: contentType, bytes: bytes)])
    }

    static func upload(
        _ client: some TestClientProtocol, _ form: MultipartForm, token: String, to kind: String = "file", key: String = apiKey
    ) async throws -> TestResponse {
        try await client.upload(form, to: "/api/v2/uploads/\(kind)?api_key=\(key)", headers: headers(token))
    }

    /// The path and query of a URL Kiln handed out, for the test client.
    static func path(of url: String) -> String {
        String(url.dropFirst("http://kiln.test".count))
    }

    /// Every key Stream's SDK requires of an error, or it raises a bare KeyError.
    static func isStreamError(_ response: TestResponse, code: Int) -> Bool {
        let body = response.json
        return body["code"]?.number == Double(code) && body["StatusCode"]?.number == Double(response.status.code)
            && (body["message"]?.string?.isEmpty == false) && (body["duration"]?.string?.hasSuffix("ms") == true)
            && body["more_info"]?.string != nil && body["details"]?.arrayValue != nil
    }

    @Test func withoutCredentialsStreamsRoutesDoNotExist() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let response = try await Self.upload(client, Self.form(Samples.text), token: Self.token())
            #expect(response.status == .notFound)
        }
    }

    @Test func aServerUploadsForTheUserItsFormNamesAndTheFileIsAnOrdinaryKilnFile() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let before = try await MetricsTests.scrape(client)
            let response = try await Self.upload(client, Self.form(Samples.text, user: "alice"), token: Self.token())
            #expect(response.status == .ok)
            // Counted, listed for operators and shown as a v3 file object, as every upload.
            let series = #"kiln_uploads_total{type="file",outcome="stored"}"#
            // At least: other tests upload in the same process at the same time.
            #expect(try await MetricsTests.scrape(client).value(series) >= before.value(series) + 1)
            let stream = try #require(Self.fileID(in: response.json["file"]?.string ?? ""))
            let listed = try await client.executeRequest(uri: "/api/v3/files?limit=10", method: .get, headers: admin, body: nil)
            #expect(listed.json["data"]?["files"]?.arrayValue?.contains { $0["fileId"]?.string == stream.rawValue } == true, "\(listed.json)")
            let object = try await client.executeRequest(uri: "/api/v3/files/\(stream)", method: .get, headers: admin, body: nil)
            #expect(object.json["fileId"]?.string == stream.rawValue && object.json["attributes"]?["size"]?.number == Double(Samples.text.count))
            let file = try #require(response.json["file"]?.string)
            #expect(response.json["duration"]?.string?.hasSuffix("ms") == true)
            let download = try await client.executeRequest(uri: Self.path(of: file), method: .get, headers: [:], body: nil)
            #expect(download.bytes == Samples.text)
            let id = try #require(StreamAPITests.fileID(in: file))
            let stored = try #require(try await kiln.database().file(id: id))
            #expect(stored.uploaderId == "alice" && stored.type == .file && stored.mimeType == "text/plain")

            // No user: the app's server owns it.
            let own = try await Self.upload(client, Self.form(Samples.text), token: Self.token())
            let ownID = try #require(StreamAPITests.fileID(in: own.json["file"]?.string ?? ""))
            #expect(try await kiln.database().file(id: ownID)?.uploaderId == StreamCaller.serverUserId)
        }
    }

    static func fileID(in url: String) -> FileID? {
        url.split(separator: "/").dropLast().last.flatMap { FileID(rawValue: String($0)) }
    }

    @Test func aUserTokenUploadsForItsUserOnly() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let bob = Self.token(["user_id": .string("bob"), "iat": .number(Date().timeIntervalSince1970 - 5)])
        try await kiln.run { client in
            let own = try await Self.upload(client, Self.form(Samples.text), token: bob)
            #expect(own.status == .ok)
            let id = try #require(Self.fileID(in: own.json["file"]?.string ?? ""))
            #expect(try await kiln.database().file(id: id)?.uploaderId == "bob")
            #expect(try await Self.upload(client, Self.form(Samples.text, user: "bob"), token: bob).status == .ok)

            let forAlice = try await Self.upload(client, Self.form(Samples.text, user: "alice"), token: bob)
            #expect(forAlice.status == .forbidden && Self.isStreamError(forAlice, code: 17), "\(forAlice.json)")
            let malformed = MultipartForm([.field("user", "alice"), .file(name: "file", filename: "a.txt", contentType: "text/plain", bytes: Samples.text)])
            let refused = try await Self.upload(client, malformed, token: Self.token())
            #expect(refused.status == .badRequest && Self.isStreamError(refused, code: 4), "\(refused.json)")
        }
        #expect(try await kiln.rowCount() == 2)
    }

    @Test func everyWrongCredentialIs401InStreamsShapeAndLeavesNothing() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let now = kiln.clock.freeze().timeIntervalSince1970
        let wrong: [(String, MultipartForm, String, String, Int)] = [
            ("another app's key", Self.form(Samples.text), Self.token(), "other-app", 2),
            ("another secret", Self.form(Samples.text), Self.token(secret: "another-secret-0123456789abcdef-0123456789"), Self.apiKey, 43),
            ("HS512", Self.form(Samples.text), Self.token(algorithm: "HS512"), Self.apiKey, 43),
            ("expired", Self.form(Samples.text), Self.token(["user_id": .string("bob"), "exp": .number(now - 1)]), Self.apiKey, 40),
            ("not yet valid", Self.form(Samples.text), Self.token(["nbf": .number(now + 60)]), Self.apiKey, 41),
            ("an empty user", Self.form(Samples.text), Self.token(["user_id": .string("")]), Self.apiKey, 5),
            ("not a JWT", Self.form(Samples.text), "Bearer x.y.z", Self.apiKey, 43),
        ]
        try await kiln.run { client in
            for (what, form, token, key, code) in wrong {
                let response = try await Self.upload(client, form, token: token, key: key)
                #expect(response.status == .unauthorized && Self.isStreamError(response, code: code), "\(what): \(response.json)")
            }
            var anonymous = Self.headers(Self.token())
            anonymous[HTTPField.Name("stream-auth-type")!] = "anonymous"
            let response = try await client.upload(Self.form(Samples.text), to: "/api/v2/uploads/file?api_key=\(Self.apiKey)", headers: anonymous)
            #expect(response.status == .unauthorized && Self.isStreamError(response, code: 5))
            #expect(try await Self.upload(client, Self.form(Samples.text), token: Self.token(["exp": .number(now + 60)])).status == .ok)
        }
        #expect(try await kiln.rowCount() == 1)
    }

    @Test func imagesAreKilnImagesAndTheirUploadSizesAreMadeBeforeTheAnswer() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let jpeg = try ImageUploadTests.fixture("large.jpg")
        @Sendable func form(_ sizes: String) -> MultipartForm {
            MultipartForm([.field("upload_sizes", sizes), .file(name: "file", filename: "photo.jpg", contentType: "image/jpeg", bytes: jpeg)])
        }
        try await kiln.run { client in
            let image = try await Self.upload(client, Self.form(jpeg, filename: "photo.jpg", contentType: "image/jpeg", user: "alice"), token: Self.token(), to: "image")
            #expect(image.status == .ok)
            let url = try #require(image.json["file"]?.string)
            #expect(url.hasSuffix("/download?ow=2400&oh=1600"), "Stream's clients resize URLs that carry the original's size")
            let small = try await client.executeRequest(uri: Self.path(of: url) + "&size=small", method: .get, headers: [:], body: nil)
            #expect(small.status == .ok && small.headers[.contentType] == "image/jpeg")

            // As getstream's ImageSize.to_dict() writes them, nulls kept.
            let sized = try await Self.upload(
                client, form(#"[{"crop": null, "height": 100, "resize": "scale", "width": 100}, {"crop": "top", "height": 50, "resize": "crop", "width": 200}]"#),
                token: Self.token(), to: "image")
            #expect(sized.status == .ok, "\(sized.json)")
            #expect(sized.json["upload_sizes"]?[0]?["resize"]?.string == "scale" && sized.json["upload_sizes"]?[1]?["crop"]?.string == "top")
            let id = try #require(Self.fileID(in: sized.json["file"]?.string ?? ""))
            let row = try #require(try await kiln.database().file(id: id))
            #expect(row.variants["w100-h100-scale"]?.width == 100 && row.variants["w200-h50-crop-top"]?.height == 50)
            #expect(try await Self.upload(client, form("[]"), token: Self.token(), to: "image").status == .ok)
            #expect(try await Self.upload(client, form("null"), token: Self.token(), to: "image").status == .ok)

            let rows = try await kiln.rowCount()
            let many = "[" + (1...17).map { #"{"width": \#($0)}"# }.joined(separator: ",") + "]"
            for bad in [#"[{"width": 0}]"#, #"[{"resize": "crop", "width": 10}]"#, #"{"width": 10}"#, #"[{"height": "ten"}]"#, many] {
                let refused = try await Self.upload(client, form(bad), token: Self.token(), to: "image")
                #expect(refused.status == .badRequest && Self.isStreamError(refused, code: 4), "\(bad): \(refused.json)")
            }
            let onAFile = MultipartForm([.field("upload_sizes", "[]"), .file(name: "file", filename: "a.txt", contentType: "text/plain", bytes: Samples.text)])
            #expect(try await Self.upload(client, onAFile, token: Self.token()).status == .badRequest)
            #expect(try await kiln.rowCount() == rows, "a refused upload leaves no row")

            let text = try await Self.upload(client, Self.form(Samples.text), token: Self.token(), to: "image")
            #expect(text.status == .unsupportedMediaType && Self.isStreamError(text, code: 4), "\(text.json)")
        }
    }

    static func delete(_ client: some TestClientProtocol, _ url: String, token: String, kind: String = "file") async throws
        -> TestResponse
    {
        let query = url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
        return try await client.executeRequest(
            uri: "/api/v2/uploads/\(kind)?api_key=\(apiKey)&url=\(query)", method: .delete, headers: headers(token), body: nil)
    }

    @Test func aFileIsDeletedByItsURLByItsUploaderOrTheServer() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let alice = Self.token(["user_id": .string("alice")])
        let bob = Self.token(["user_id": .string("bob")])
        try await kiln.run { client in
            let first = try #require(try await Self.upload(client, Self.form(Samples.text), token: alice).json["file"]?.string)
            let second = try #require(try await Self.upload(client, Self.form(Samples.text), token: alice).json["file"]?.string)

            let notTheirs = try await Self.delete(client, first, token: bob)
            #expect(notTheirs.status == .forbidden && Self.isStreamError(notTheirs, code: 17))
            let notAnImage = try await Self.delete(client, first, token: alice, kind: "image")
            #expect(notAnImage.status == .badRequest && Self.isStreamError(notAnImage, code: 4))
            for foreign in ["https://elsewhere.example/api/v3/files/\(Self.fileID(in: first)!)/download", "http://kiln.test/api/v3/files/x/download", ""] {
                let refused = try await Self.delete(client, foreign, token: alice)
                #expect(refused.status == .badRequest && Self.isStreamError(refused, code: 4), "\(foreign)")
            }

            let deleted = try await Self.delete(client, first, token: alice)
            #expect(deleted.status == .ok && deleted.json["duration"]?.string?.hasSuffix("ms") == true)
            #expect(try await client.executeRequest(uri: Self.path(of: first), method: .get, headers: [:], body: nil).status == .gone)
            let again = try await Self.delete(client, first, token: alice)
            #expect(again.status == .gone && Self.isStreamError(again, code: 16))

            #expect(try await Self.delete(client, second, token: Self.token()).status == .ok)
            #expect(try await client.executeRequest(uri: Self.path(of: second), method: .get, headers: [:], body: nil).status == .gone)
        }
    }

    static func app(_ client: some TestClientProtocol, token: String = token(), method: HTTPRequest.Method = .get, body: String? = nil)
        async throws -> TestResponse
    {
        var headers = headers(token)
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.executeRequest(
            uri: "/api/v2/app?api_key=\(apiKey)", method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    @Test func theAppsUploadRulesHoldForEveryUploadEndpointWithTheSniffedType() async throws {
        let kiln = try Self.kiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization("alice")
        let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n".utf8)
        let png = try ImageUploadTests.fixture("alpha.png")
        let jpeg = try ImageUploadTests.fixture("exif-gps.jpg")
        try await kiln.run { client in
            let fresh = try await Self.app(client)
            #expect(fresh.status == .ok)
            #expect(fresh.json["app"]?["file_upload_config"]?["size_limit"]?.number == 0)
            #expect(fresh.json["app"]?["push_notifications"]?["version"]?.string == "")
            let byUser = try await Self.app(client, token: Self.token(["user_id": .string("bob")]))
            #expect(byUser.status == .forbidden && Self.isStreamError(byUser, code: 17))

            let changed = try await Self.app(
                client, method: .patch,
                body: #"{"file_upload_config":{"size_limit":0,"blocked_file_extensions":[".exe","BAT"],"blocked_mime_types":["application/pdf"]},"image_upload_config":{"size_limit":0,"allowed_mime_types":["image/png"]}}"#)
            #expect(changed.status == .ok && changed.json["duration"]?.string != nil, "\(changed.json)")
            let read = try await Self.app(client)
            #expect(read.json["app"]?["file_upload_config"]?["blocked_file_extensions"] == .array([.string(".exe"), .string(".bat")]))
            #expect(read.json["app"]?["image_upload_config"]?["allowed_mime_types"] == .array([.string("image/png")]))

            // Kiln's own endpoints, by the type Kiln found: a PDF named .txt is still a PDF.
            let disguised = try await client.upload(.file(pdf, filename: "notes.txt", contentType: "text/plain"), headers: alice)
            #expect(disguised.status == .unsupportedMediaType, "\(disguised.json)")
            let named = try await client.upload(.file(Samples.text, filename: "setup.EXE"), headers: alice)
            #expect(named.status == .unsupportedMediaType && named.json["message"]?.string?.contains(".exe") == true)
            #expect(try await client.upload(.file(Samples.text, filename: "notes.txt"), headers: alice).status == .ok)
            let jpegImage = try await client.upload(.file(jpeg, filename: "photo.png", contentType: "image/png"), to: "/api/v4/images", headers: alice)
            #expect(jpegImage.status == .unsupportedMediaType, "\(jpegImage.json)")
            #expect(try await client.upload(.file(png, filename: "a.png", contentType: "image/png"), to: "/api/v4/images", headers: alice).status == .ok)
            // And Stream's, in Stream's shape.
            let streamJPEG = try await Self.upload(client, Self.form(jpeg, filename: "p.jpg", contentType: "image/jpeg"), token: Self.token(), to: "image")
            #expect(streamJPEG.status == .unsupportedMediaType && Self.isStreamError(streamJPEG, code: 4))

            let limited = try await Self.app(client, method: .patch, body: #"{"file_upload_config":{"size_limit":10}}"#)
            #expect(limited.status == .ok)
            let large = try await client.upload(.file(Samples.text, filename: "notes.txt"), headers: alice)
            #expect(large.status == .contentTooLarge, "\(large.json)")
            // The image rule stayed as it was.
            #expect(try await Self.app(client).json["app"]?["image_upload_config"]?["allowed_mime_types"] == .array([.string("image/png")]))

            for (body, what) in [
                (#"{"webhook_url":"https://elsewhere.example"}"#, "a field Kiln does not keep"),
                (#"{"file_upload_config":{"allowed_mime_types":["png"]}}"#, "a MIME type without a subtype"),
                (#"{"file_upload_config":{"blocked_file_extensions":["../x"]}}"#, "an extension that is a path"),
                (#"{"file_upload_config":{"size_limit":-1}}"#, "a negative limit"),
                (#"{"file_upload_config":{"size_limit":"big"}}"#, "a limit that is text"),
                (#"{"file_upload_config":{"sizeLimit":1}}"#, "a rule Kiln does not know"),
            ] {
                let refused = try await Self.app(client, method: .patch, body: body)
                #expect(refused.status == .badRequest && Self.isStreamError(refused, code: 4), "\(what): \(refused.json)")
            }
        }
        // The text file, and the PNG with its three sizes: nothing of a refused upload.
        #expect(kiln.storedBlobFiles.count == 1 + 4)
        #expect(try await kiln.rowCount() == 2)
    }
}
