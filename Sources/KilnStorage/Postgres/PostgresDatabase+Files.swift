import Foundation
import KilnCore
import PostgresNIO

extension PostgresDatabase: MetadataStore {
    public func insert(_ file: StoredFile) async throws {
        try await transaction { connection in try await self.insertRow(file, connection) }
    }

    func insertRow(_ file: StoredFile, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO file (
                id, uploader_id, type, access_type, alt_text, feed_type, status, name, file_extension, mime_type, size,
                metadata, custom_metadata, variants, is_deleted, created_at, updated_at)
            VALUES (
                \(file.id.rawValue), \(file.uploaderId), \(file.type.rawValue), \(file.accessType.rawValue),
                \(file.altText), \(file.feedType?.rawValue), \(file.status.rawValue), \(file.name), \(file.fileExtension),
                \(file.mimeType), \(file.size), \(try PostgresRows.encoded(file.metadata))::jsonb,
                \(try PostgresRows.encoded(file.customMetadata))::jsonb, \(try PostgresRows.encoded(file.variants))::jsonb,
                \(file.isDeleted), \(file.createdAt), \(file.updatedAt))
            """, logger: logger)
        try await notifyFileChanged(file.id, connection)
    }

    /// Tells every node's cache, once the transaction commits.
    func notifyFileChanged(_ id: FileID, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.fileChangedChannel), \(id.rawValue))", logger: logger)
        Self.touchedFiles?.ids.withLock { $0.append(id) }
    }

    /// Writes every column but the id; `updated_at` is the database's now.
    func updateRow(_ file: StoredFile, _ connection: PostgresConnection) async throws {
        var stored = file
        stored.metadata["progress"] = nil
        try await connection.query(
            """
            UPDATE file SET
                uploader_id = \(stored.uploaderId), type = \(stored.type.rawValue), access_type = \(stored.accessType.rawValue),
                alt_text = \(stored.altText), feed_type = \(stored.feedType?.rawValue), status = \(stored.status.rawValue),
                name = \(stored.name), file_extension = \(stored.fileExtension), mime_type = \(stored.mimeType),
                size = \(stored.size), metadata = \(try PostgresRows.encoded(stored.metadata))::jsonb,
                custom_metadata = \(try PostgresRows.encoded(stored.customMetadata))::jsonb,
                variants = \(try PostgresRows.encoded(stored.variants))::jsonb, is_deleted = \(stored.isDeleted),
                updated_at = now()
            WHERE id = \(stored.id.rawValue)
            """, logger: logger)
        try await notifyFileChanged(stored.id, connection)
    }

    public func file(id: FileID) async throws -> StoredFile? {
        try await rows(
            "SELECT \(unescaped: PostgresRows.fileColumns) FROM file f LEFT JOIN transcode_job j ON j.file_id = f.id WHERE f.id = \(id.rawValue)"
        ).first.map(PostgresRows.file)
    }

    /// The file's row, locked until the transaction ends, so a read-modify-write cannot lose another's change.
    func lockedFile(_ id: FileID, _ connection: PostgresConnection) async throws -> StoredFile? {
        try await connection.query(
            """
            SELECT \(unescaped: PostgresRows.fileColumns) FROM file f LEFT JOIN transcode_job j ON j.file_id = f.id
            WHERE f.id = \(id.rawValue) FOR UPDATE OF f
            """, logger: logger
        ).collect().first.map(PostgresRows.file)
    }

    public func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws
        -> StoredFile?
    {
        let updated = try await transaction { connection -> StoredFile? in
            guard var file = try await self.lockedFile(id, connection), !file.isDeleted else { return nil }
            try change(&file)
            try await self.updateRow(file, connection)
            return file
        }
        // Read back for the database's `updated_at`.
        guard updated != nil else { return nil }
        return try await file(id: id)
    }

    public func markDeleted(id: FileID) async throws -> StoredFile? {
        try await updateFile(id: id) { $0.isDeleted = true }
    }

    public func listFiles(_ query: FileListQuery) async throws -> [StoredFile] {
        // Absent filters are NULL bindings that match every row, so there is one statement to read.
        try await rows(
            """
            SELECT \(unescaped: PostgresRows.fileColumns) FROM file f LEFT JOIN transcode_job j ON j.file_id = f.id
            WHERE (\(query.status?.rawValue)::text IS NULL OR f.status = \(query.status?.rawValue))
              AND (\(query.type?.rawValue)::text IS NULL OR f.type = \(query.type?.rawValue))
              AND (\(query.after?.rawValue)::text IS NULL
                   OR (f.created_at, f.id) < (SELECT created_at, id FROM file WHERE id = \(query.after?.rawValue)))
              AND (\(query.includeDeleted) OR NOT f.is_deleted)
            ORDER BY f.created_at DESC, f.id DESC LIMIT \(max(0, query.limit))
            """
        ).map(PostgresRows.file)
    }

    public func checkAnswering() async throws {
        _ = try await rows("SELECT 1")
    }

    public func storedBytes(of uploaderId: String) async throws -> Int64 {
        try await rows("SELECT COALESCE(SUM(size), 0)::bigint FROM file WHERE uploader_id = \(uploaderId) AND NOT is_deleted")
            .first?.decode(Int64.self) ?? 0
    }

    public func liveFileIDs(among ids: [FileID]) async throws -> Set<FileID> {
        guard !ids.isEmpty else { return [] }
        let found = try await rows(
            "SELECT id FROM file WHERE id = ANY(\(ids.map(\.rawValue))) AND NOT is_deleted")
        return Set(try found.map { try FileID(rawValue: $0.decode(String.self)) }.compactMap { $0 })
    }
}
