import Foundation
import GRDB
import KilnCore

/// The SQLite metadata store. Each write method is one transaction.
public final class AppDatabase: MetadataStore {
    let writer: any DatabaseWriter

    /// Wraps an open database and brings its schema up to date.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// The on-disk database: a WAL-mode pool over `path`.
    public static func open(path: String) throws -> AppDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try AppDatabase(DatabasePool(path: path, configuration: configuration))
    }

    /// A private in-memory database, for tests and one-off tools.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }

    /// Runs raw SQL; tests use it to inject failures with triggers.
    public func execute(sql: String) async throws {
        try await writer.write { db in try db.execute(sql: sql) }
    }
}

extension AppDatabase {
    public func insert(_ file: StoredFile) async throws {
        try await writer.write { db in try file.insert(db) }
    }

    public func file(id: FileID) async throws -> StoredFile? {
        try await writer.read { db in try StoredFile.fetchOne(db, key: id.rawValue) }
    }

    public func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws
        -> StoredFile?
    {
        try await writer.write { db in try Self.updateLiveFile(id: id, db, change) }
    }

    /// Applies `change` to the live row within the caller's transaction; nil when there is none.
    static func updateLiveFile(id: FileID, _ db: Database, _ change: (inout StoredFile) throws -> Void) throws
        -> StoredFile?
    {
        guard var file = try StoredFile.filter(StoredFile.Columns.id == id.rawValue)
            .filter(StoredFile.Columns.isDeleted == false).fetchOne(db)
        else { return nil }
        try change(&file)
        file.updatedAt = Date()
        try file.update(db)
        return file
    }

    public func markDeleted(id: FileID) async throws -> StoredFile? {
        try await updateFile(id: id) { $0.isDeleted = true }
    }

    public func listFiles(_ query: FileListQuery) async throws -> [StoredFile] {
        try await writer.read { db in
            var request = StoredFile.all().order(StoredFile.Columns.id)
            if let status = query.status { request = request.filter(StoredFile.Columns.status == status.rawValue) }
            if let type = query.type { request = request.filter(StoredFile.Columns.type == type.rawValue) }
            if let after = query.after { request = request.filter(StoredFile.Columns.id > after.rawValue) }
            if !query.includeDeleted { request = request.filter(StoredFile.Columns.isDeleted == false) }
            return try request.limit(query.limit).fetchAll(db)
        }
    }

    public func liveFileIDs(among ids: [FileID]) async throws -> Set<FileID> {
        try await writer.read { db in
            let found = try String.fetchAll(
                db,
                StoredFile.select(StoredFile.Columns.id)
                    .filter(ids.map(\.rawValue).contains(StoredFile.Columns.id))
                    .filter(StoredFile.Columns.isDeleted == false))
            return Set(found.compactMap(FileID.init(rawValue:)))
        }
    }
}
