import Foundation
import KilnCore
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
