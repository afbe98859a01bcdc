import Foundation
import KilnCore
import PostgresNIO

extension PostgresDatabase: ResumableUploadStore {
    private static let resumableColumns = """
        id, file_id, owner_id, kind, fields, length, "offset", bytes_record, created_at, expires_at, finished_at
        """

    public func insertResumable(_ upload: ResumableUpload) async throws {
        _ = try await rows(
            """
            INSERT INTO resumable_upload (id, file_id, owner_id, kind, fields, length, "offset", bytes_record, created_at, expires_at, finished_at)
            VALUES (\(upload.id.rawValue), \(upload.fileId.rawValue), \(upload.ownerId), \(upload.kind),
                \(ResumableFields.encode(upload.fields)), \(upload.length), \(upload.offset), \(upload.bytesRecord),
                \(upload.createdAt), \(upload.expiresAt), \(upload.finishedAt))
            """)
    }

    public func resumable(_ id: ResumableUploadID) async throws -> ResumableUpload? {
        try await rows("SELECT \(unescaped: Self.resumableColumns) FROM resumable_upload WHERE id = \(id.rawValue)")
            .first.map(Self.resumable)
    }

    public func claimResumable(_ id: ResumableUploadID, holder: String, until: Date, now: Date) async throws -> ResumableClaim {
        let claimed = try await rows(
            """
            UPDATE resumable_upload SET holder = \(holder), lease_until = \(until), stop_asked = false
            WHERE id = \(id.rawValue) AND (holder IS NULL OR lease_until <= \(now) OR holder = \(holder))
            RETURNING \(unescaped: Self.resumableColumns)
            """)
        if let row = claimed.first { return .claimed(try Self.resumable(row)) }
        return try await resumable(id) == nil ? .missing : .held
    }

    public func renewResumable(_ id: ResumableUploadID, holder: String, until: Date) async throws -> Bool? {
        try await rows(
            """
            UPDATE resumable_upload SET lease_until = \(until) WHERE id = \(id.rawValue) AND holder = \(holder)
            RETURNING stop_asked
            """
        ).first?.decode(Bool.self)
    }

    public func askToStopResumable(_ id: ResumableUploadID) async throws {
        _ = try await rows("UPDATE resumable_upload SET stop_asked = true WHERE id = \(id.rawValue) AND holder IS NOT NULL")
    }

    public func recordResumable(_ upload: ResumableUpload, holder: String) async throws -> Bool {
        try await !rows(
            """
            UPDATE resumable_upload SET length = \(upload.length), "offset" = \(upload.offset), bytes_record = \(upload.bytesRecord),
                expires_at = \(upload.expiresAt), finished_at = \(upload.finishedAt)
            WHERE id = \(upload.id.rawValue) AND holder = \(holder)
            RETURNING id
            """
        ).isEmpty
    }

    public func releaseResumable(_ id: ResumableUploadID, holder: String) async throws {
        _ = try await rows(
            """
            UPDATE resumable_upload SET holder = NULL, lease_until = NULL, stop_asked = false
            WHERE id = \(id.rawValue) AND holder = \(holder)
            """)
    }

    public func deleteResumable(_ id: ResumableUploadID) async throws {
        _ = try await rows("DELETE FROM resumable_upload WHERE id = \(id.rawValue)")
    }

    public func expiredResumables(at now: Date, limit: Int) async throws -> [ResumableUpload] {
        try await rows(
            """
            SELECT \(unescaped: Self.resumableColumns) FROM resumable_upload WHERE expires_at <= \(now)
            ORDER BY expires_at LIMIT \(limit)
            """
        ).map(Self.resumable)
    }

    public func resumingFileIDs(among ids: [FileID], at now: Date) async throws -> Set<FileID> {
        guard !ids.isEmpty else { return [] }
        let found = try await rows(
            """
            SELECT file_id FROM resumable_upload
            WHERE file_id = ANY(\(ids.map(\.rawValue))) AND finished_at IS NULL AND expires_at > \(now)
            """)
        return Set(try found.compactMap { FileID(rawValue: try $0.decode(String.self)) })
    }

    private static func resumable(_ row: PostgresRow) throws -> ResumableUpload {
        let cells = row.makeRandomAccess()
        guard let id = ResumableUploadID(rawValue: try cells["id"].decode(String.self)),
            let fileId = FileID(rawValue: try cells["file_id"].decode(String.self))
        else { throw UnreadableRow("a resumable upload row with a malformed id") }
        return ResumableUpload(
            id: id, fileId: fileId, ownerId: try cells["owner_id"].decode(String.self), kind: try cells["kind"].decode(String.self),
            fields: ResumableFields.decode(try cells["fields"].decode(String.self)), length: try cells["length"].decode(Int64?.self),
            offset: try cells["offset"].decode(Int64.self), bytesRecord: try cells["bytes_record"].decode(String?.self),
            createdAt: try cells["created_at"].decode(Date.self), expiresAt: try cells["expires_at"].decode(Date.self),
            finishedAt: try cells["finished_at"].decode(Date?.self))
    }
}
