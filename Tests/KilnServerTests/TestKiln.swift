import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import Logging
import NIOCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A Kiln instance in a private data folder, with helpers to mint tokens and inspect what it stored.
struct TestKiln {
    static let secret = try! JWTSecret(bytes: Array("0123456789abcdef0123456789abcdef-test".utf8))

    let dataDirectory: String
    var configuration: KilnConfiguration
    /// Kiln's clock: tests move it instead of waiting for time to pass.
    let clock = TestClock()

    /// Quick heartbeats and polls, so transcoding tests take seconds; a lease long enough that a
    /// loaded machine (sanitizers, a parallel build) never lets it lapse by accident.
    static let quickTranscoding = TranscodeSettings(
        workers: 1, lease: .seconds(30), heartbeat: .milliseconds(200), pollInterval: .milliseconds(50),
        retryBackoff: .milliseconds(100))

    init(
        limits: UploadLimits = .default, signedURLLifetime: Duration = .seconds(3600),
        transcoding: TranscodeSettings = TestKiln.quickTranscoding, under parent: String? = nil
    ) throws {
        dataDirectory = (parent ?? FileManager.default.temporaryDirectory.path) + "/kiln-test-\(FileID.random())"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        configuration = KilnConfiguration(
            host: "127.0.0.1", port: 0, dataDirectory: dataDirectory, publicURL: "http://kiln.test",
            jwtSecret: Self.secret, signedURLLifetime: signedURLLifetime, limits: limits, transcoding: transcoding,
            clock: clock.wallClock, sweepGrace: .zero)
        // The `.live` test client keeps one connection and never reconnects: a server that closed it
        // for idleness while a test waited on something else would leave the next request hanging.
        configuration.connections.idleTimeout = .seconds(600)
    }

    /// The bytes of `Fixtures/<path>`.
    static func fixture(_ path: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("Fixtures/\(path)")))
    }

    func removeData() { try? FileManager.default.removeItem(atPath: dataDirectory) }

    /// Builds the real application and runs `test` against it, then removes the data folder.
    func run<Value>(
        _ setup: KilnTestSetup = .router, logger: Logger? = nil, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var quiet = Logger(label: "kiln-test")
        quiet.logLevel = .warning
        let app = try await buildApplication(configuration, logger: logger ?? quiet)
        return try await setup.run(app, test)
    }

    func token(
        _ user: String = "alice", role: Identity.Role = .user, lifetime: Duration = .seconds(600), rooms: [String] = []
    ) async throws -> String {
        try await TokenAuthority(secret: Self.secret, clock: clock.wallClock).issue(
            userId: user, role: role, lifetime: lifetime, rooms: rooms.compactMap(RoomID.init(rawValue:)))
    }

    func authorization(_ user: String = "alice", role: Identity.Role = .user, rooms: [String] = []) async throws -> HTTPFields {
        [.authorization: "Bearer \(try await token(user, role: role, rooms: rooms))"]
    }

    /// Every regular file under the blob folder, temporary ones included.
    var storedBlobFiles: [String] {
        let root = configuration.blobFolder
        return (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    func rowCount() async throws -> Int {
        try await database().listFiles(FileListQuery(limit: 1000, includeDeleted: true)).count
    }

    /// The node's SQLite database, opened beside it, on its clock.
    func database() throws -> SQLiteDatabase {
        try SQLiteDatabase.open(path: configuration.databasePath, clock: clock.wallClock)
    }
}

/// A `multipart/form-data` body built by hand, so tests control every byte.
struct MultipartForm {
    enum Part {
        case field(String, String)
        case file(name: String, filename: String?, contentType: String, bytes: [UInt8])
    }

    var parts: [Part]
    var boundary = "kiln-test-boundary-7MA4YWxkTrZu0gW"

    init(_ parts: [Part]) { self.parts = parts }

    static func file(_ bytes: [UInt8], filename: String = "upload.bin", contentType: String = "application/octet-stream",
        fields: [(String, String)] = []) -> MultipartForm
    {
        MultipartForm([.file(name: "file", filename: filename, contentType: contentType, bytes: bytes)]
            + fields.map { Part.field($0.0, $0.1) })
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var bytes: [UInt8] {
        var body: [UInt8] = []
        for part in parts {
            body += Array("--\(boundary)\r\n".utf8)
            switch part {
            case .field(let name, let value):
                body += Array("Content-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            case .file(let name, let filename, let contentType, let bytes):
                let filenameParameter = filename.map { "; filename=\"\($0)\"" } ?? ""
                body += Array("Content-Disposition: form-data; name=\"\(name)\"\(filenameParameter)\r\n".utf8)
                body += Array("Content-Type: \(contentType)\r\n\r\n".utf8) + bytes + Array("\r\n".utf8)
            }
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    var body: ByteBuffer { ByteBuffer(bytes: bytes) }

    /// The head of a raw `POST` of this form with a declared length, for tests that send the body
    /// themselves.
    func rawHead(to path: String = "/api/v4/files", token: String, extraHeaders: [String] = []) -> [UInt8] {
        let lines = [
            "POST \(path) HTTP/1.1", "Host: localhost", "Authorization: Bearer \(token)", "Content-Type: \(contentType)",
            "Content-Length: \(bytes.count)",
        ] + extraHeaders
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }
}

extension TestClientProtocol {
    func upload(_ form: MultipartForm, to path: String = "/api/v4/files", headers: HTTPFields) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = form.contentType
        return try await executeRequest(uri: path, method: .post, headers: headers, body: form.body)
    }
}

extension TestResponse {
    var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null }
    var bytes: [UInt8] { Array(body.readableBytesView) }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
    var string: String? { stringValue }
    var number: Double? { numberValue }
    var bool: Bool? { if case .bool(let value) = self { return value }; return nil }
}

enum Samples {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 120)
    static let text = Array("The quick brown fox jumps over the lazy dog.\n".utf8)
}
