import Foundation
import KilnCore
import PostgresNIO

extension PostgresDatabase: RoomStore {
    public func registerRecording(_ recording: RoomRecording) async throws
        -> Result<RoomRecording, RoomRegistrationConflict>
    {
        try await transaction { connection -> Result<RoomRecording, RoomRegistrationConflict> in
            // The file's lock orders two registrations of one file; the room's counter orders the room.
            guard var file = try await self.lockedFile(recording.fileId, connection), !file.isDeleted else {
                return .failure(.noSuchFile)
            }
            guard file.type == .video else { return .failure(.notAVideo(file.type)) }
            if let existing = try await connection.query(
                """
                SELECT playback_id FROM room_recording
                WHERE room_id = \(recording.roomId.rawValue) AND file_id = \(file.id.rawValue)
                """, logger: self.logger
            ).collect().first {
                return .failure(.alreadyRegistered(PlaybackID(rawValue: try existing.decode(String.self))!))
            }
            if file.accessType != .network {
                file.accessType = .network
                try await self.updateRow(file, connection)
            }
            return .success(try await self.append(recording, connection))
        }
    }

    public func insertQueued(_ file: StoredFile, recording: RoomRecording) async throws -> RoomRecording {
        try await transaction { connection in
            try await self.insertRow(file, connection)
            try await self.insertQueuedJob(of: file, connection)
            return try await self.append(recording, connection)
        }
    }

    /// Creates the room if new and inserts the recording after every one the room ever had. The
    /// counter's row lock makes concurrent registrations in one room take turns, on any node.
    private func append(_ recording: RoomRecording, _ connection: PostgresConnection) async throws -> RoomRecording {
        try await connection.query(
            """
            INSERT INTO room (id, created_at, last_position) VALUES (\(recording.roomId.rawValue), \(recording.createdAt), 0)
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        guard let position = try await connection.query(
            "UPDATE room SET last_position = last_position + 1 WHERE id = \(recording.roomId.rawValue) RETURNING last_position",
            logger: logger
        ).collect().first?.decode(Int.self) else {
            throw UnreadableRow("room \(recording.roomId) vanished while a recording was added")
        }
        var appended = recording
        appended.position = position
        try await connection.query(
            """
            INSERT INTO room_recording (\(unescaped: PostgresRows.recordingColumns))
            VALUES (\(appended.playbackId.rawValue), \(appended.roomId.rawValue), \(appended.fileId.rawValue),
                \(appended.position), \(appended.startedAt), \(appended.endedAt), \(appended.ownsFile), \(appended.createdAt))
            """, logger: logger)
        return appended
    }

    public func recordedRoom(_ id: RoomID) async throws -> RecordedRoom? {
        try await transaction { connection -> RecordedRoom? in
            guard try await !connection.query("SELECT id FROM room WHERE id = \(id.rawValue)", logger: self.logger)
                .collect().isEmpty
            else { return nil }
            let recordings = try await connection.query(
                "SELECT \(unescaped: PostgresRows.recordingColumns) FROM room_recording WHERE room_id = \(id.rawValue) ORDER BY position",
                logger: self.logger
            ).collect().map(PostgresRows.recording)
            let files = try await connection.query(
                """
                SELECT \(unescaped: PostgresRows.fileColumns) FROM file f LEFT JOIN transcode_job j ON j.file_id = f.id
                WHERE f.id = ANY(\(recordings.map(\.fileId.rawValue))) AND NOT f.is_deleted
                """, logger: self.logger
            ).collect().map(PostgresRows.file)
            let byID = Dictionary(uniqueKeysWithValues: files.map { ($0.id, $0) })
            return RecordedRoom(
                roomId: id,
                recordings: recordings.compactMap { recording in
                    byID[recording.fileId].map { RecordedRoom.Entry(recording: recording, file: $0) }
                })
        }
    }

    public func listRooms(after: RoomID?, limit: Int) async throws -> [RoomSummary] {
        try await rows(
            """
            SELECT room.id, room.created_at, count(file.id)::integer FROM room
            LEFT JOIN room_recording recording ON recording.room_id = room.id
            LEFT JOIN file ON file.id = recording.file_id AND NOT file.is_deleted
            WHERE room.id > \(after?.rawValue ?? "") GROUP BY room.id ORDER BY room.id LIMIT \(limit)
            """
        ).compactMap { row in
            let (id, createdAt, recordings) = try row.decode((String, Date, Int).self)
            return RoomID(rawValue: id).map { RoomSummary(roomId: $0, recordings: recordings, createdAt: createdAt) }
        }
    }

    public func allRecordings() async throws -> [RoomRecording] {
        try await rows(
            "SELECT \(unescaped: PostgresRows.recordingColumns) FROM room_recording ORDER BY room_id, position"
        ).map(PostgresRows.recording)
    }

    public func importRecording(_ recording: RoomRecording) async throws -> Bool {
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO room (id, created_at, last_position) VALUES (\(recording.roomId.rawValue), \(recording.createdAt), 0)
                ON CONFLICT (id) DO NOTHING
                """, logger: self.logger)
            try await connection.query(
                """
                UPDATE room SET last_position = GREATEST(last_position, \(recording.position))
                WHERE id = \(recording.roomId.rawValue)
                """, logger: self.logger)
            let inserted = try await connection.query(
                """
                INSERT INTO room_recording (\(unescaped: PostgresRows.recordingColumns))
                VALUES (\(recording.playbackId.rawValue), \(recording.roomId.rawValue), \(recording.fileId.rawValue),
                    \(recording.position), \(recording.startedAt), \(recording.endedAt), \(recording.ownsFile), \(recording.createdAt))
                ON CONFLICT (playback_id) DO NOTHING
                RETURNING playback_id
                """, logger: self.logger
            ).collect()
            return !inserted.isEmpty
        }
    }

    public func removeRecording(_ playbackId: PlaybackID, of roomId: RoomID) async throws -> RoomRecording? {
        try await transaction { connection -> RoomRecording? in
            guard let recording = try await connection.query(
                """
                DELETE FROM room_recording WHERE playback_id = \(playbackId.rawValue) AND room_id = \(roomId.rawValue)
                RETURNING \(unescaped: PostgresRows.recordingColumns)
                """, logger: self.logger
            ).collect().first.map(PostgresRows.recording) else { return nil }
            if recording.ownsFile, var file = try await self.lockedFile(recording.fileId, connection), !file.isDeleted {
                file.isDeleted = true
                try await self.updateRow(file, connection)
            }
            return recording
        }
    }
}
