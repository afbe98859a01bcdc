import Foundation
import KilnCore
import PostgresNIO

/// How Kiln's records are read from and written to PostgreSQL rows. JSON columns travel as text.
enum PostgresRows {
    /// The `file` columns every file query selects, with its job's progress (`f`, `j` aliases).
    static let fileColumns = """
        f.id, f.uploader_id, f.type, f.access_type, f.alt_text, f.feed_type, f.status, f.name, f.file_extension,
        f.mime_type, f.size, f.metadata::text AS metadata, f.custom_metadata::text AS custom_metadata,
        f.variants::text AS variants, f.is_deleted, f.created_at, f.updated_at, j.progress AS job_progress
        """

    static let jobColumns = """
        file_id, uploader_id, state, attempts, lease_owner, lease_expires_at, leased_at, available_at, progress,
        failure_reason, created_at, updated_at
        """

    static let recordingColumns = "playback_id, room_id, file_id, position, started_at, ended_at, owns_file, created_at"

    static func file(_ row: PostgresRow) throws -> StoredFile {
        let cells = row.makeRandomAccess()
        let file = StoredFile(
            id: try value(cells["id"]),
            uploaderId: try cells["uploader_id"].decode(String.self),
            type: try value(cells["type"]),
            accessType: try value(cells["access_type"]),
            altText: try cells["alt_text"].decode(String?.self),
            feedType: try cells["feed_type"].decode(String?.self).map { try value($0) },
            status: try value(cells["status"]),
            name: try cells["name"].decode(String.self),
            fileExtension: try cells["file_extension"].decode(String.self),
            mimeType: try cells["mime_type"].decode(String.self),
            size: try cells["size"].decode(Int64.self),
            metadata: try json(cells["metadata"]),
            customMetadata: try json(cells["custom_metadata"]),
            variants: try json(cells["variants"]),
            isDeleted: try cells["is_deleted"].decode(Bool.self),
            createdAt: try cells["created_at"].decode(Date.self),
            updatedAt: try cells["updated_at"].decode(Date.self))
        return file.showing(progress: try cells["job_progress"].decode(Int?.self))
    }

    static func job(_ row: PostgresRow) throws -> TranscodeJob {
        let cells = row.makeRandomAccess()
        var job = TranscodeJob(
            fileId: try value(cells["file_id"]), uploaderId: try cells["uploader_id"].decode(String.self),
            now: try cells["created_at"].decode(Date.self))
        job.state = try value(cells["state"])
        job.attempts = try cells["attempts"].decode(Int.self)
        job.leaseOwner = try cells["lease_owner"].decode(String?.self)
        job.leaseExpiresAt = try cells["lease_expires_at"].decode(Date?.self)
        job.leasedAt = try cells["leased_at"].decode(Date?.self)
        job.availableAt = try cells["available_at"].decode(Date.self)
        job.progress = try cells["progress"].decode(Int.self)
        job.failureReason = try cells["failure_reason"].decode(String?.self)
        job.updatedAt = try cells["updated_at"].decode(Date.self)
        return job
    }

    static func recording(_ row: PostgresRow) throws -> RoomRecording {
        let cells = row.makeRandomAccess()
        return RoomRecording(
            playbackId: try value(cells["playback_id"]),
            roomId: try value(cells["room_id"]),
            fileId: try value(cells["file_id"]),
            position: try cells["position"].decode(Int.self),
            startedAt: try cells["started_at"].decode(Date?.self),
            endedAt: try cells["ended_at"].decode(Date?.self),
            ownsFile: try cells["owns_file"].decode(Bool.self),
            createdAt: try cells["created_at"].decode(Date.self))
    }

    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func json<T: Decodable>(_ cell: PostgresCell) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try cell.decode(String.self).utf8))
    }

    private static func value<T: RawRepresentable<String>>(_ cell: PostgresCell) throws -> T {
        try value(try cell.decode(String.self))
    }

    private static func value<T: RawRepresentable<String>>(_ text: String) throws -> T {
        guard let value = T(rawValue: text) else { throw UnreadableRow("'\(text)' is not a \(T.self)") }
        return value
    }
}

/// A row holding a value Kiln does not know: written by a newer version, or by hand.
struct UnreadableRow: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
