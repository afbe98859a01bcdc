import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Real answers of every operation, the errors included, checked against `/openapi.json`.
struct OpenAPIContractTests {
    /// A client that checks each answer against the document as it goes.
    struct CheckedClient {
        let client: any TestClientProtocol
        let contract: OpenAPIConformance

        @discardableResult
        func send(
            _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: ByteBuffer? = nil,
            sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestResponse {
            let answer = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body)
            for problem in contract.problems(method, uri, answer) {
                Issue.record("\(problem)\n\(String(decoding: answer.bytes.prefix(400), as: UTF8.self))", sourceLocation: sourceLocation)
            }
            return answer
        }

        @discardableResult
        func upload(
            _ form: MultipartForm, to path: String, headers: HTTPFields, sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> TestResponse {
            let answer = try await client.upload(form, to: path, headers: headers)
            for problem in contract.problems(.post, path, answer) {
                Issue.record("\(problem)\n\(String(decoding: answer.bytes.prefix(400), as: UTF8.self))", sourceLocation: sourceLocation)
            }
            return answer
        }
    }

    @Test func theDocumentIsServedAndDescribesEveryRoute() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let contract = try OpenAPIConformance()
        try await kiln.run { client in
            let served = try await client.executeRequest(uri: "/openapi.json", method: .get, headers: [:], body: nil)
            #expect(served.status == .ok)
            #expect(served.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(Array(OpenAPIDocument.json.utf8) == served.bytes)
        }
        let paths = try #require(contract.document["paths"] as? [String: Any])
        #expect((contract.document["openapi"] as? String)?.hasPrefix("3.") == true)
        for route in [
            "/api/v4/files", "/api/v3/files", "/api/v4/images", "/api/v4/videos", "/api/v4/clips", "/api/v3/files/{fileId}",
            "/api/v3/files/{fileId}/download", "/api/v3/files/{fileId}/transcode", "/api/v1/rooms/{roomId}/recordings",
            "/api/v1/rooms/{roomId}/recorded", "/api/v1/rooms/{roomId}/recorded/{playbackId}/watch",
            "/api/v1/rooms/{roomId}/recorded/{playbackId}/thumbnail", "/api/v1/rooms/{roomId}/recordings/{playbackId}",
            "/api/v1/rooms", "/healthz", "/metrics", "/openapi.json", "/admin",
        ] {
            #expect(paths[route] != nil, "\(route)")
        }
    }

    /// The checker itself: it must see what is wrong, or every other test here passes for nothing.
    @Test func theCheckerRefusesBodiesTheDocumentDoesNotAllow() throws {
        let contract = try OpenAPIConformance()
        let fileObject: [String: Any] = ["$ref": "#/components/schemas/FileObject"]
        #expect(!contract.validate(["fileId": 5], fileObject, at: "wrong types").isEmpty)
        #expect(!contract.validate([String: Any](), fileObject, at: "nothing").isEmpty)
        let error: [String: Any] = ["$ref": "#/components/schemas/Error"]
        #expect(contract.validate(["status": "error", "code": 404, "message": "no file"], error, at: "error").isEmpty)
        #expect(!contract.validate(["status": "error", "code": "404", "message": "no file"], error, at: "code as text").isEmpty)
        #expect(!contract.validate(["status": "fine", "code": 404, "message": "no file"], error, at: "not an error").isEmpty)
    }

    @Test func filesUploadedReadChangedDownloadedAndDeletedConform() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        let contract = try OpenAPIConformance()
        try await kiln.run { client in
            let api = CheckedClient(client: client, contract: contract)
            let plain = try await api.upload(.file(DownloadTests.bytes, filename: "a.bin"), to: "/api/v4/files", headers: alice)
            let id = try #require(plain.json[0]?["fileId"]?.string)
            try await api.upload(.file(DownloadTests.bytes, filename: "b.bin", fields: [("accessType", "network")]), to: "/api/v3/files", headers: alice)
            let image = try await api.upload(.file(try ImageUploadTests.fixture("exif-gps.jpg"), filename: "p.jpg"), to: "/api/v4/images", headers: alice)
            let imageId = try #require(image.json[0]?["fileId"]?.string)
            try await api.upload(.file(try ImageUploadTests.fixture("cut-scan.jpg"), filename: "c.jpg"), to: "/api/v4/images", headers: alice)
            try await api.upload(.file(DownloadTests.bytes, filename: "x.bin"), to: "/api/v4/images", headers: alice)
            try await api.upload(.file(DownloadTests.bytes, filename: "x.bin"), to: "/api/v4/files", headers: [:])
            try await api.send(.post, "/api/v4/files", headers: alice + [.contentType: "multipart/form-data; boundary=x"], body: ByteBuffer(string: "--x--\r\n"))
            let video = try await api.upload(.file(try VideoFixtures.bytes("no-audio.mp4"), filename: "v.mp4"), to: "/api/v4/videos", headers: alice)
            let videoId = try #require(video.json[0]?["fileId"]?.string)
            try await api.upload(.file(try VideoFixtures.bytes("no-audio.mp4"), filename: "v.mp4"), to: "/api/v4/clips", headers: alice)
            _ = try await client.waitForStatus(videoId, in: ["transcoded", "transcodeFailed"], headers: alice)

            for file in [id, imageId, videoId] { try await api.send(.get, "/api/v3/files/\(file)") }
            try await api.send(.get, "/api/v3/files/\(FileID.random())")
            try await api.send(.get, "/api/v3/files/not-an-id")
            let json: HTTPFields = [.contentType: "application/json"]
            try await api.send(.put, "/api/v3/files/\(id)", headers: alice + json, body: ByteBuffer(string: #"{"altText":"a cat"}"#))
            try await api.send(.put, "/api/v3/files/\(id)", headers: bob + json, body: ByteBuffer(string: #"{"altText":"mine"}"#))
            try await api.send(.put, "/api/v3/files/\(id)", headers: alice + json, body: ByteBuffer(string: "{"))

            let download = "/api/v3/files/\(id)/download"
            try await api.send(.get, download)
            try await api.send(.head, download)
            try await api.send(.get, download, headers: [.range: "bytes=0-9"])
            try await api.send(.get, download, headers: [.range: "bytes=5000-"])
            try await api.send(.get, download, headers: [.ifNoneMatch: "\"\(id)-original\""])
            try await api.send(.get, "/api/v3/files/\(imageId)/download?size=small")
            try await api.send(.get, "/api/v3/files/\(imageId)/download?size=huge")
            try await api.send(.get, "/api/v3/files/\(videoId)/download?resolution=360p")

            try await api.send(.delete, "/api/v3/files/\(id)", headers: bob)
            try await api.send(.delete, "/api/v3/files/\(id)", headers: alice)
            try await api.send(.get, "/api/v3/files/\(id)")
            try await api.send(.get, download)
            try await api.send(.get, "/healthz")
            try await api.send(.get, "/metrics")
            try await api.send(.get, "/admin")
        }
    }

    @Test func operatorAndRoomAnswersConform() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        let service = try await kiln.authorization("room-service", role: .service)
        let contract = try OpenAPIConformance()
        try await kiln.run { client in
            let api = CheckedClient(client: client, contract: contract)
            let video = try await api.upload(.file(try VideoFixtures.bytes("corrupt.mp4"), filename: "v.mp4"), to: "/api/v4/videos", headers: alice)
            let id = video.json[0]?["fileId"]?.string ?? FileID.random().rawValue
            try await api.send(.get, "/api/v3/files?status=transcodeFailed&limit=5", headers: admin)
            try await api.send(.get, "/api/v3/files?limit=0", headers: admin)
            try await api.send(.get, "/api/v3/files", headers: alice)
            try await api.send(.get, "/api/v1/rooms?limit=5", headers: admin)
            try await api.send(.get, "/api/v1/rooms?after=!bad", headers: admin)
            try await api.send(.get, "/api/v1/rooms", headers: alice)
            try await api.send(.post, "/api/v3/files/\(id)/transcode", headers: admin)
            try await api.send(.post, "/api/v3/files/\(FileID.random())/transcode", headers: admin)

            let recorded = try await api.upload(
                .file(try VideoFixtures.bytes("no-audio.mp4"), filename: "r.mp4"), to: "/api/v1/rooms/room-1/recordings", headers: service)
            let playbackId = recorded.json["playbackId"]?.string ?? "none"
            try await api.upload(.file(try VideoFixtures.bytes("no-audio.mp4"), filename: "r.mp4"), to: "/api/v1/rooms/room-1/recordings", headers: alice)
            _ = try await client.waitForRoom("room-1", in: ["recorded"], headers: service)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded", headers: service)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded", headers: alice)
            try await api.send(.get, "/api/v1/rooms/empty-room/recorded", headers: service)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded/\(playbackId)/watch", headers: alice)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded/\(playbackId)/thumbnail", headers: alice)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded/\(playbackId)/watch", headers: service)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded/\(playbackId)/thumbnail", headers: service)
            try await api.send(.get, "/api/v1/rooms/room-1/recorded/\(playbackId)/watch")
            try await api.send(.delete, "/api/v1/rooms/room-1/recordings/\(playbackId)", headers: service)
            try await api.send(.delete, "/api/v1/rooms/room-1/recordings/\(playbackId)", headers: service)
        }
    }

    /// Stream's routes, each answer and refusal in Stream's shapes as the document says.
    @Test func streamsAnswersConform() async throws {
        let kiln = try StreamAPITests.kiln()
        defer { kiln.removeData() }
        let contract = try OpenAPIConformance()
        let server = StreamAPITests.headers(StreamAPITests.token())
        let bob = StreamAPITests.headers(StreamAPITests.token(["user_id": .string("bob")]))
        let key = "api_key=\(StreamAPITests.apiKey)"
        try await kiln.run { client in
            let api = CheckedClient(client: client, contract: contract)
            let file = try #require(
                try await api.upload(StreamAPITests.form(Samples.text, user: "alice"), to: "/api/v2/uploads/file?\(key)", headers: server)
                    .json["file"]?.string)
            try await api.upload(StreamAPITests.form(Samples.text), to: "/api/v2/uploads/image?\(key)", headers: server)
            try await api.upload(StreamAPITests.form(Samples.text), to: "/api/v2/uploads/file?api_key=other", headers: server)
            try await api.upload(StreamAPITests.form(Samples.text, user: "alice"), to: "/api/v2/uploads/file?\(key)", headers: bob)
            let url = file.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await api.send(.delete, "/api/v2/uploads/file?\(key)&url=\(url)", headers: bob)
            try await api.send(.delete, "/api/v2/uploads/image?\(key)&url=\(url)", headers: server)
            try await api.send(.delete, "/api/v2/uploads/file?\(key)&url=elsewhere", headers: server)
            try await api.send(.delete, "/api/v2/uploads/file?\(key)&url=\(url)", headers: server)
            try await api.send(.delete, "/api/v2/uploads/file?\(key)&url=\(url)", headers: server)
            try await api.send(.get, "/api/v2/app?\(key)", headers: server)
            try await api.send(.get, "/api/v2/app?\(key)", headers: bob)
            var json = server
            json[.contentType] = "application/json"
            try await api.send(.patch, "/api/v2/app?\(key)", headers: json, body: ByteBuffer(string: #"{"file_upload_config":{"size_limit":5}}"#))
            try await api.send(.patch, "/api/v2/app?\(key)", headers: json, body: ByteBuffer(string: #"{"name":"other"}"#))
            try await api.upload(StreamAPITests.form(Samples.text), to: "/api/v2/uploads/file?\(key)", headers: server)
        }
    }
}
