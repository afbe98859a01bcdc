import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct UploadTests {
    @Test func v4AnswersABareArrayAndV3TheSuccessEnvelope() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let auth = try await kiln.authorization()
        try await kiln.run { client in
            let v4 = try await client.upload(.file(Samples.text, filename: "fox.txt", fields: [("altText", "a fox")]), headers: auth)
            #expect(v4.status == .ok)
            let object = try #require(v4.json[0])
            let id = try #require(object["fileId"]?.string)
            #expect(FileID(rawValue: id) != nil)
            #expect(object["fileUrl"]?.string == "http://kiln.test/api/v3/files/\(id)/download")
            #expect(object["type"]?.string == "file")
            #expect(object["accessType"]?.string == "public")
            #expect(object["status"]?.string == "uploaded")
            #expect(object["altText"]?.string == "a fox")
            #expect(object["isDeleted"]?.bool == false)
            #expect(object["signedUrl"] == nil)
            #expect(object["attributes"]?["name"]?.string == "fox.txt")
            #expect(object["attributes"]?["extension"]?.string == "txt")
            #expect(object["attributes"]?["mimeType"]?.string == "text/plain")
            #expect(object["attributes"]?["size"]?.number == Double(Samples.text.count))
            let created = try #require(object["createdAt"]?.string)
            #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)

            let v3 = try await client.upload(.file(Samples.text), to: "/api/v3/files", headers: auth)
            #expect(v3.status == .ok)
            #expect(v3.json["status"]?.string == "success")
            #expect(v3.json["data"]?[0]?["fileId"]?.string != nil)
        }
    }

    @Test func theDeprecatedFilesFieldIsAccepted() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let auth = try await kiln.authorization()
        try await kiln.run { client in
            let form = MultipartForm([.file(name: "files", filename: "a.txt", contentType: "text/plain", bytes: Samples.text)])
            let response = try await client.upload(form, headers: auth)
            #expect(response.status == .ok)
            #expect(response.json[0]?["attributes"]?["size"]?.number == Double(Samples.text.count))
        }
    }

    @Test func typeComesFromTheBytesAndTheNameIsCleaned() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let auth = try await kiln.authorization()
        try await kiln.run { client in
            let form = MultipartForm.file(Samples.png, filename: "../../etc/notes\u{7}.txt", contentType: "text/plain")
            let object = try #require(try await client.upload(form, headers: auth).json[0])
            #expect(object["attributes"]?["mimeType"]?.string == "image/png")
            #expect(object["attributes"]?["extension"]?.string == "png")
            #expect(object["attributes"]?["name"]?.string == "notes.txt")

            let preferred = MultipartForm.file(Samples.text, fields: [("preferredFilename", "report/final.txt"), ("accessType", "network"), ("feedType", "post")])
            let renamed = try #require(try await client.upload(preferred, headers: auth).json[0])
            #expect(renamed["attributes"]?["name"]?.string == "final.txt")
            #expect(renamed["accessType"]?.string == "network")
            #expect(renamed["feedType"]?.string == "post")
            #expect(renamed["signedUrl"]?.string?.contains("exp=") == true)
        }
    }

    struct BadUpload: Sendable, CustomTestStringConvertible {
        let name: String
        let status: HTTPResponse.Status
        let contentType: String?
        let body: [UInt8]
        var authorization: Authorization = .valid

        enum Authorization: Sendable { case valid, missing, foreignSecret, expired }

        var testDescription: String { name }

        init(_ name: String, _ status: HTTPResponse.Status, _ form: MultipartForm, authorization: Authorization = .valid) {
            self.name = name
            self.status = status
            self.contentType = form.contentType
            self.body = form.bytes
            self.authorization = authorization
        }

        init(_ name: String, _ status: HTTPResponse.Status, contentType: String?, body: [UInt8]) {
            self.name = name
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    static let badUploads: [BadUpload] = {
        let good = MultipartForm.file(Samples.text)
        var truncated = good.bytes
        truncated.removeLast(40)
        return [
            BadUpload("no token", .unauthorized, good, authorization: .missing),
            BadUpload("token signed with another secret", .unauthorized, good, authorization: .foreignSecret),
            BadUpload("expired token", .unauthorized, good, authorization: .expired),
            BadUpload("JSON body", .badRequest, contentType: "application/json", body: Array("{}".utf8)),
            BadUpload("no Content-Type", .badRequest, contentType: nil, body: good.bytes),
            BadUpload("multipart without boundary", .badRequest, contentType: "multipart/form-data", body: good.bytes),
            BadUpload("no file part", .badRequest, MultipartForm([.field("altText", "x")])),
            BadUpload("two files", .badRequest, MultipartForm([
                .file(name: "file", filename: "a", contentType: "text/plain", bytes: Samples.text),
                .file(name: "file", filename: "b", contentType: "text/plain", bytes: Samples.text),
            ])),
            BadUpload("file and files", .badRequest, MultipartForm([
                .file(name: "file", filename: "a", contentType: "text/plain", bytes: Samples.text),
                .file(name: "files", filename: "b", contentType: "text/plain", bytes: Samples.text),
            ])),
            BadUpload("empty file", .badRequest, .file([])),
            BadUpload("unknown accessType", .badRequest, .file(Samples.text, fields: [("accessType", "private")])),
            BadUpload("unknown feedType", .badRequest, .file(Samples.text, fields: [("feedType", "reel")])),
            BadUpload("altText of 181 characters", .badRequest, .file(Samples.text, fields: [("altText", String(repeating: "é", count: 181))])),
            BadUpload("preferredFilename of 1025 characters", .badRequest,
                .file(Samples.text, fields: [("preferredFilename", String(repeating: "n", count: 1025))])),
            BadUpload("field that is not UTF-8", .badRequest, MultipartForm([
                .file(name: "file", filename: "a", contentType: "text/plain", bytes: Samples.text),
                .file(name: "altText", filename: nil, contentType: "text/plain", bytes: [0xFF, 0xFE]),
            ])),
            BadUpload("body cut before the closing boundary", .badRequest, contentType: good.contentType, body: truncated),
            BadUpload("file over the limit", .contentTooLarge, .file([UInt8](repeating: 1, count: 5000))),
        ]
    }()

    @Test(arguments: badUploads)
    func aRejectedUploadAnswersJSONAndLeavesNothing(_ bad: BadUpload) async throws {
        let kiln = try TestKiln(limits: UploadLimits(maxFileBytes: 4096, maxVideoBytes: 4096, maxImageBytes: 4096))
        defer { kiln.removeData() }
        var headers: HTTPFields = [:]
        switch bad.authorization {
        case .valid: headers = try await kiln.authorization()
        case .missing: break
        case .expired: headers[.authorization] = "Bearer \(try await kiln.token(lifetime: .seconds(-60)))"
        case .foreignSecret:
            let foreign = await TokenAuthority(secret: try JWTSecret(bytes: Array(repeating: 65, count: 40)))
            headers[.authorization] = "Bearer \(try await foreign.issue(userId: "alice", role: .admin, lifetime: .seconds(60)))"
        }
        if let contentType = bad.contentType { headers[.contentType] = contentType }
        try await kiln.run { [headers] client in
            let response = try await client.executeRequest(
                uri: "/api/v4/files", method: .post, headers: headers, body: ByteBuffer(bytes: bad.body))
            #expect(response.status == bad.status)
            #expect(response.json["status"]?.string == "error")
            #expect(response.json["code"]?.number == Double(bad.status.code))
            #expect(response.json["message"]?.string?.isEmpty == false)
            // Refused before its body was read, a request leaves the connection unusable: it is closed.
            if ["JSON body", "no Content-Type", "multipart without boundary"].contains(bad.name) {
                #expect(response.headers[.connection] == "close", "\(bad.name)")
            }
        }
        #expect(kiln.storedBlobFiles == [])
        #expect(try await kiln.rowCount() == 0)
    }
}
