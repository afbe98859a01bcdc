import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Logging
import PostgresNIO
import Testing

@testable import KilnDomain
@testable import KilnServer
@testable import KilnStorage

/// `kiln move`: a single-node library, made by the real app, into PostgreSQL and a bucket when the
/// suite has them (`KILN_TEST_DATABASE_URL`, `KILN_TEST_S3_*`), else into another data folder.
struct LibraryMoveTests {
    /// A library with a plain file, a photo and its sizes, a transcoded video with renditions and a
    /// poster, a deleted file, and a room recording at position 2 (the first one removed).
    static func makeLibrary() async throws -> (TestKiln, [String]) {
        let kiln = try TestKiln()
        let alice = try await kiln.authorization(), service = try await kiln.authorization("rooms", role: .service)
        let admin = try await kiln.authorization("ops", role: .admin)
        let ids = try await kiln.run { client in
            let text = try #require(try await client.upload(.file(Array("hello, kiln\n".utf8), filename: "a.txt"), headers: alice).json[0]?["fileId"]?.string)
            let photo = try #require(try await client.upload(
                .file(try TestKiln.fixture("images/exif-gps.jpg"), filename: "p.jpg"), to: "/api/v4/images", headers: alice).json[0]?["fileId"]?.string)
            let video = try #require(try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice).json[0]?["fileId"]?.string)
            #expect(try await client.waitUntilFinished(video, headers: alice)["status"]?.string == "transcoded")
            let gone = try #require(try await client.upload(.file([1, 2, 3]), headers: alice).json[0]?["fileId"]?.string)
            _ = try await client.executeRequest(uri: "/api/v3/files/\(gone)", method: .delete, headers: alice, body: nil)
            let first = try #require(try await client.registerRecording(fileId: photo == video ? "" : video, in: "room-1", userId: "alice", headers: service)
                .json["playbackId"]?.string)
            _ = try await client.executeRequest(uri: "/api/v1/rooms/room-1/recordings/\(first)", method: .delete, headers: admin, body: nil)
            _ = try await client.registerRecording(fileId: video, in: "room-1", userId: "alice", headers: service)
            return [text, photo, video, gone]
        }
        var rules = AppUploadRules()
        rules.files.sizeLimit = 1 << 20
        try await UploadRulesBook(settings: try kiln.database(), logger: Logger(label: "test")).replace(with: rules)
        return (kiln, ids)
    }

    /// Where the library goes, and a way to look at it afterwards.
    static func target(under folder: String, database: String?) throws -> KilnConfiguration {
        var configuration = try TestKiln().configuration
        configuration.dataDirectory = folder
        configuration.databaseURL = database
        if let location = S3Testing.location(prefix: "move-\(FileID.random().rawValue.prefix(10))/") {
            configuration.blobStore = .s3(location, redirectDownloads: false)
        }
        return configuration
    }

    /// A library, its target, and a move between them; the folders go afterwards.
    static func withMove<T: Sendable>(_ body: (TestKiln, [String], KilnConfiguration, LibraryMove) async throws -> T) async throws -> T {
        let (kiln, ids) = try await Self.makeLibrary()
        defer { kiln.removeData() }
        let folder = kiln.dataDirectory + "-target"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await StoreEngineURL.withFreshDatabase { database in
            let target = try Self.target(under: folder, database: database)
            var logger = Logger(label: "test")
            logger.logLevel = .error
            return try await body(kiln, ids, target, try await LibraryMove.open(library: kiln.dataDirectory, into: target, logger: logger))
        }
    }

    @Test func aLibraryMovesWholeAndASecondRunCopiesNothing() async throws {
        try await Self.withMove { kiln, ids, target, move in
            let (planned, moved, again) = try await move.whileConnected { move in
                let planned = try await move.survey()
                let moved = try await move.run { _ in }
                let again = try await move.run { _ in }
                return (planned, moved, again)
            }
            #expect(planned.files == 4 && planned.alreadyMoved == 0 && planned.recordings == 1 && planned.settings == 1)
            #expect(moved.blobs == planned.blobs && moved.bytes == planned.bytes && moved.missing.isEmpty)
            #expect(moved.recordings == 1 && moved.settings == 1)
            #expect(again.alreadyMoved == 4 && again.blobs == 0 && again.recordings == 0 && again.settings == 0)
            // The upload rules went with the library.
            let stores = try await target.openStores(logger: Logger(label: "test"))
            let rules = try await stores.whileRunning {
                try await UploadRulesBook(settings: stores.settings, logger: Logger(label: "test")).current()
            }
            #expect(rules.files.sizeLimit == 1 << 20)

            // The moved library serves through a node on the target stores.
            let source = try kiln.database()
            var node = kiln
            node.configuration = target
            let alice = try await kiln.authorization(rooms: ["room-1"])
            try await node.run { client in
                for id in ids {
                    let original = try #require(try await source.file(id: FileID(rawValue: id)!))
                    let object = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: alice, body: nil)
                    if original.isDeleted {
                        #expect(object.status == .gone)
                        continue
                    }
                    #expect(object.json["status"]?.string == original.status.rawValue)
                    for (name, variant) in original.variants {
                        let query = original.type == .image || name == "poster" ? "size=\(name)" : "resolution=\(name)"
                        let served = try await client.executeRequest(
                            uri: "/api/v3/files/\(id)/download?\(query)", method: .get, headers: alice, body: nil)
                        #expect(served.status == .ok, "\(id) \(name)")
                        #expect(Int64(served.bytes.count) == variant.size, "\(id) \(name)")
                    }
                }
                let room = try await client.executeRequest(uri: "/api/v1/rooms/room-1/recorded", method: .get, headers: alice, body: nil)
                #expect(room.json["recordedPlaybackInfos"]?.arrayValue?.count == 1)
            }
        }
    }

    /// Bytes copied before an interruption are checked, not copied again; the row follows them.
    @Test func aRunInterruptedAfterTheBytesFinishesWithoutCopyingThemAgain() async throws {
        try await Self.withMove { kiln, ids, target, move in
            let photo = FileID(rawValue: ids[1])!
            // What the interrupted run left: the photo's blobs in the target, no row.
            let sourceFile = try #require(try await kiln.database().file(id: photo))
            let sourceBlobs = try FileSystemBlobStore(root: kiln.configuration.blobFolder)
            let targetBlobs = try await target.openBlobStore()
            for key in LibraryMove.blobKeys(of: sourceFile) {
                let upload = try targetBlobs.beginUpload(of: key)
                for try await chunk in try await sourceBlobs.read(key, range: nil) { try await upload.write(chunk) }
                try await targetBlobs.commit(upload)
            }
            let moved = try await move.whileConnected { try await $0.run { _ in } }
            #expect(moved.blobsFoundVerified == LibraryMove.blobKeys(of: sourceFile).count)
            #expect(moved.alreadyMoved == 0 && moved.missing.isEmpty)
        }
    }
}

/// A database of its own on the suite's PostgreSQL, when there is one, dropped when the test is done.
enum StoreEngineURL {
    static var isAvailable: Bool { baseURL != nil }

    private static var baseURL: String? {
        ProcessInfo.processInfo.environment["KILN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Runs `body` with the URL of a new database (nil without a PostgreSQL), then drops it, with
    /// whatever connections the body's nodes left open.
    static func withFreshDatabase<T: Sendable>(_ body: (String?) async throws -> T) async throws -> T {
        guard let base = baseURL, var url = URLComponents(string: base) else { return try await body(nil) }
        let name = "test_\(FileID.random().rawValue.prefix(12))"
        try await run("CREATE DATABASE \(name)", at: base)
        url.path = "/" + name
        do {
            let result = try await body(url.string!)
            try await run("DROP DATABASE \(name) WITH (FORCE)", at: base)
            return result
        } catch {
            try? await run("DROP DATABASE \(name) WITH (FORCE)", at: base)
            throw error
        }
    }

    private static func run(_ sql: String, at base: String) async throws {
        let location = try DatabaseLocation(url: base)
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(timeout: .seconds(30)), id: 9, logger: Logger(label: "test"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
