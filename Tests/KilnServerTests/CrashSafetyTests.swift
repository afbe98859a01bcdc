import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import Testing

@testable import KilnDomain
@testable import KilnServer

struct CrashSafetyTests {
    @Test func aFailureBetweenTheBytesAndTheRowLeavesNothing() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            // The bytes are committed by the time the insert runs; make the insert fail.
            let database = try kiln.database()
            try await database.execute(sql: """
                CREATE TRIGGER refuse_file_rows BEFORE INSERT ON file
                BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END
                """)
            let response = try await client.upload(.file(Samples.text), headers: alice)
            #expect(response.status == .internalServerError)
            #expect(response.json["status"]?.string == "error")
        }
        #expect(kiln.storedBlobFiles == [])
        #expect(try await kiln.rowCount() == 0)
    }

    @Test func startUpSweepsWhatACrashLeftBehind() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let (kept, deleted) = try await kiln.run { client in
            let kept = try #require(try await client.upload(.file(Samples.text), headers: alice).json[0]?["fileId"]?.string)
            let deleted = try #require(try await client.upload(.file(Samples.png), headers: alice).json[0]?["fileId"]?.string)
            return (kept, deleted)
        }
        let blobs = kiln.configuration.blobFolder
        // What a crash can leave: a half-written upload, bytes renamed into place before their row was
        // written, and bytes of a row marked deleted before they were removed.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: blobs + "/.tmp/\(FileID.random()).part"))
        let orphan = FileID.random()
        try FileManager.default.createDirectory(atPath: "\(blobs)/\(orphan.rawValue.prefix(2))/\(orphan)", withIntermediateDirectories: true)
        try Data([4]).write(to: URL(fileURLWithPath: "\(blobs)/\(orphan.rawValue.prefix(2))/\(orphan)/original"))
        _ = try await kiln.database().markDeleted(id: FileID(rawValue: deleted)!)
        #expect(kiln.storedBlobFiles.count == 4)

        try await kiln.run { client in
            #expect(kiln.storedBlobFiles == ["\(kept.prefix(2))/\(kept)/original"])
            let download = try await client.executeRequest(uri: "/api/v3/files/\(kept)/download", method: .get, headers: [:], body: nil)
            #expect(download.bytes == Samples.text)
        }
    }

    @Test func healthAnswersOnceTheDatabaseIsOpen() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run { client in
            let response = try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.json["status"]?.string == "ok")
        }
    }
}
