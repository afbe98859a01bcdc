import Foundation
import GRDB
import KilnCore
import Testing

@testable import KilnStorage

/// What only the embedded engine has: its file on disk and the migrations of databases made by
/// earlier versions.
struct SQLiteDatabaseTests {
    @Test func theOnDiskDatabaseUsesWAL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-db-\(FileID.random())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try SQLiteDatabase.open(path: folder + "/kiln.sqlite")
        try await database.insert(MetadataStoreTests.file())
        #expect(FileManager.default.fileExists(atPath: folder + "/kiln.sqlite-wal"))
    }

    /// A room recorded before positions were counted keeps counting after its last recording.
    @Test func roomsOfAnEarlierVersionContinueTheirPositions() async throws {
        let queue = try DatabaseQueue()
        try SQLiteDatabase.migrator.migrate(queue, upTo: "v4-room-recordings")
        let room = RoomID(rawValue: "old-room")!
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO room (id, createdAt) VALUES (?, ?)", arguments: [room.rawValue, now])
            for position in [1, 2, 5] {
                let file = RoomStoreTests.video()
                try file.insert(db)
                try RoomRecording(roomId: room, fileId: file.id, position: position, ownsFile: false, createdAt: now).insert(db)
            }
        }
        let database = try SQLiteDatabase(queue)
        let next = RoomStoreTests.video()
        try await database.insert(next)
        let registered = try await database.registerRecording(
            RoomRecording(roomId: room, fileId: next.id, ownsFile: false, createdAt: now)).get()
        #expect(registered.position == 6)
    }
}
