import Foundation
import GRDB
import KilnCore

extension SQLiteDatabase: RoomStore {
    public func registerRecording(_ recording: RoomRecording) async throws
        -> Result<RoomRecording, RoomRegistrationConflict>
    {
        defer { changes.publish(.file(recording.fileId)) }
        return try await writer.write { db in
            guard var file = try StoredFile.fetchOne(db, key: recording.fileId.rawValue), !file.isDeleted else {
                return .failure(.noSuchFile)
            }
            guard file.type == .video else { return .failure(.notAVideo(file.type)) }
            if let existing = try RoomRecording
                .filter(RoomRecording.Columns.roomId == recording.roomId && RoomRecording.Columns.fileId == file.id)
                .fetchOne(db)
            {
                return .failure(.alreadyRegistered(existing.playbackId))
            }
            if file.accessType != .network {
                file.accessType = .network
                file.updatedAt = recording.createdAt
                try file.update(db)
            }
            return .success(try Self.append(recording, db))
        }
    }

    public func insertQueued(_ file: StoredFile, recording: RoomRecording) async throws -> RoomRecording {
        let appended = try await writer.write { db in
            try file.insert(db)
            try TranscodeJob(fileId: file.id, uploaderId: file.uploaderId, now: file.createdAt).insert(db)
            return try Self.append(recording, db)
        }
        changes.publish(.file(file.id))
        wakeups.signal()
        return appended
    }

    /// Creates the room if new and inserts the recording after every one the room ever had: the
    /// room counts its positions, so a removed recording's position is never handed out again.
    private static func append(_ recording: RoomRecording, _ db: Database) throws -> RoomRecording {
        try RoomRow(id: recording.roomId, createdAt: recording.createdAt, lastPosition: 0).insert(db, onConflict: .ignore)
        let position = try Int.fetchOne(
            db, sql: "UPDATE room SET lastPosition = lastPosition + 1 WHERE id = ? RETURNING lastPosition",
            arguments: [recording.roomId])
        var appended = recording
        appended.position = position ?? 1
        try appended.insert(db)
        return appended
    }

    public func recordedRoom(_ id: RoomID) async throws -> RecordedRoom? {
        try await writer.read { db in
            guard try RoomRow.exists(db, key: id.rawValue) else { return nil }
            let recordings = try RoomRecording.filter(RoomRecording.Columns.roomId == id)
                .order(RoomRecording.Columns.position).fetchAll(db)
            let entries = try recordings.compactMap { recording -> RecordedRoom.Entry? in
                guard let file = try StoredFile.fetchOne(db, key: recording.fileId.rawValue), !file.isDeleted else {
                    return nil
                }
                return RecordedRoom.Entry(recording: recording, file: file)
            }
            return RecordedRoom(roomId: id, recordings: entries)
        }
    }

    public func listRooms(after: RoomID?, limit: Int) async throws -> [RoomSummary] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT room.id, room.createdAt, count(file.id) FROM \(RoomRow.databaseTableName) room
                    LEFT JOIN \(RoomRecording.databaseTableName) recording ON recording.roomId = room.id
                    LEFT JOIN \(StoredFile.databaseTableName) file ON file.id = recording.fileId AND NOT file.isDeleted
                    WHERE room.id > ? GROUP BY room.id ORDER BY room.id LIMIT ?
                    """, arguments: [after?.rawValue ?? "", limit]
            ).compactMap { row in
                RoomID(rawValue: row[0]).map { RoomSummary(roomId: $0, recordings: row[2], createdAt: row[1]) }
            }
        }
    }

    public func allRecordings() async throws -> [RoomRecording] {
        try await writer.read { db in
            try RoomRecording.order(RoomRecording.Columns.roomId, RoomRecording.Columns.position).fetchAll(db)
        }
    }

    public func importRecording(_ recording: RoomRecording) async throws -> Bool {
        try await writer.write { db in
            guard try !RoomRecording.exists(db, key: recording.playbackId.rawValue) else { return false }
            try RoomRow(id: recording.roomId, createdAt: recording.createdAt, lastPosition: 0).insert(db, onConflict: .ignore)
            try db.execute(
                sql: "UPDATE room SET lastPosition = MAX(lastPosition, ?) WHERE id = ?",
                arguments: [recording.position, recording.roomId])
            try recording.insert(db)
            return true
        }
    }

    public func removeRecording(_ playbackId: PlaybackID, of roomId: RoomID) async throws -> RoomRecording? {
        let now = clock.now()
        let removed = try await writer.write { db -> RoomRecording? in
            guard let recording = try RoomRecording.fetchOne(db, key: playbackId.rawValue), recording.roomId == roomId else {
                return nil
            }
            try recording.delete(db)
            if recording.ownsFile {
                _ = try Self.updateLiveFile(id: recording.fileId, now: now, db) { $0.isDeleted = true }
            }
            return recording
        }
        if let removed, removed.ownsFile { changes.publish(.file(removed.fileId)) }
        return removed
    }
}
