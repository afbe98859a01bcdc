import Foundation
import KilnCore
import KilnStorage
import Logging
import Synchronization
import Testing

@testable import KilnDomain
@testable import KilnServer

struct SecretAndCatalogTests {
    @Test func aGeneratedSecretIsPrivateAndReused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-secret-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try JWTSecret.resolve(environmentValue: nil, dataDirectory: folder)
        let second = try JWTSecret.resolve(environmentValue: nil, dataDirectory: folder)
        #expect(first.bytes == second.bytes)
        #expect(first.bytes.count >= JWTSecret.minimumBytes)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/jwt-secret")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["jwt-secret"])
    }

    /// Nodes sharing a data folder start together: every one must end up with the same, whole secret.
    @Test func nodesStartingTogetherAgreeOnOneSecret() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-secret-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let secrets = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<16 {
                group.addTask { try JWTSecret.resolve(environmentValue: nil, dataDirectory: folder).bytes }
            }
            return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
        }
        #expect(Set(secrets).count == 1)
        #expect(secrets[0].count == 64)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["jwt-secret"])
    }

    /// Kiln sets the modes itself rather than trusting the umask: the folder 0700, the database (and
    /// its WAL and shared-memory files) and the secret 0600.
    @Test func theDataFolderAndWhatKilnWritesInItArePrivate() async throws {
        var node = try TestKiln()
        defer { node.removeData() }
        let folder = node.dataDirectory + "/data"
        node.configuration.dataDirectory = folder
        let kiln = node
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            #expect(try await client.upload(.file(Samples.text), headers: alice).status == .ok)
            let folderMode = try Self.mode(folder)
            #expect(folderMode == 0o700)
            for file in ["kiln.sqlite", "kiln.sqlite-wal", "kiln.sqlite-shm"] {
                let mode = try Self.mode(folder + "/" + file)
                #expect(mode == 0o600, "\(file)")
            }
        }
        let secretFolder = kiln.dataDirectory + "/secret-only"
        _ = try JWTSecret.resolve(environmentValue: nil, dataDirectory: secretFolder)
        let modes = (folder: try Self.mode(secretFolder), secret: try Self.mode(secretFolder + "/jwt-secret"))
        #expect(modes.folder == 0o700 && modes.secret == 0o600)
    }

    /// A secret file that is there but cannot be read is an error naming it, never a new secret and
    /// never a loop. (Tests run as root, whom no mode stops: a folder and bytes that are no text
    /// cannot be read as a secret either.)
    @Test func aSecretFileThatCannotBeReadIsAnErrorNamingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-secret-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/jwt-secret", withIntermediateDirectories: true)
        #expect {
            try JWTSecret.resolve(environmentValue: nil, dataDirectory: folder)
        } throws: { error in
            "\(error)".contains(folder + "/jwt-secret")
        }
        try FileManager.default.removeItem(atPath: folder + "/jwt-secret")
        try Data([0xFF, 0xFE, 0x00, 0x81]).write(to: URL(fileURLWithPath: folder + "/jwt-secret"))
        #expect {
            try JWTSecret.resolve(environmentValue: nil, dataDirectory: folder)
        } throws: { error in
            "\(error)".contains(folder + "/jwt-secret")
        }
        // Nothing was written beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["jwt-secret"])
    }

    /// `kiln move`'s scratch folder: made fresh (never one an attacker made ahead under a name they
    /// could guess), private, and unique to each call.
    @Test func aPrivateTemporaryFolderIsFreshAndOnlyOurs() throws {
        let first = try PrivateFiles.makeTemporaryFolder(prefix: "kiln-move-")
        let second = try PrivateFiles.makeTemporaryFolder(prefix: "kiln-move-")
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: second)
        }
        #expect(first != second)
        #expect(URL(fileURLWithPath: first).lastPathComponent.hasPrefix("kiln-move-"))
        let modes = (try Self.mode(first), try Self.mode(second))
        #expect(modes.0 == 0o700 && modes.1 == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: first).isEmpty)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func aShortSecretIsRefusedWithAClearMessage() {
        #expect {
            try JWTSecret.resolve(environmentValue: "too-short", dataDirectory: "/nonexistent")
        } throws: { error in
            "\(error)".contains("at least 32 bytes")
        }
        #expect(throws: Never.self) { try JWTSecret.resolve(environmentValue: String(repeating: "k", count: 32), dataDirectory: "/nonexistent") }
    }

    @Test func theCatalogListsWhatTheAPIStored() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let ids = try await kiln.run { client in
            var ids: [String] = []
            for _ in 0..<3 {
                ids.append(try #require(try await client.upload(.file(Samples.text), headers: alice).json[0]?["fileId"]?.string))
            }
            return ids
        }
        let catalog = try await FileCatalog(kiln.configuration, logger: Logger(label: "test"))
        let lines = Mutex<[String]>([])
        try await catalog.listJSONLines(status: .uploaded, type: .file) { line in lines.withLock { $0.append(line) } }
        let listed = lines.withLock { $0 }
        #expect(listed.count == 3)
        #expect(Set(listed.compactMap { line in
            (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)))?.objectValue?["fileId"].flatMap {
                if case .string(let id) = $0 { id } else { nil }
            }
        }) == Set(ids))
        let none = Mutex(0)
        try await catalog.listJSONLines(status: .transcodeFailed, type: nil) { _ in none.withLock { $0 += 1 } }
        #expect(none.withLock { $0 } == 0)
        let shown = try #require(try await catalog.showJSON(FileID(rawValue: ids[0])!))
        #expect(shown.contains(ids[0]))
        #expect(try await catalog.showJSON(.random()) == nil)
    }
}
