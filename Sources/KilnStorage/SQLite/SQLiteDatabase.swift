import Foundation
import GRDB
import KilnCore

/// The SQLite metadata store. Each write method is one transaction.
///
/// One process writes it, so its clock dates leases and backoffs, and it wakes that process's
/// workers itself when it queues a job.
public final class SQLiteDatabase: MetadataStore {
    let writer: any DatabaseWriter
    let clock: WallClock
    let wakeups = QueueWakeups()
    /// This process is the only writer: its own writes are every change there is.
    public let changes = FileChangeFeed()

    /// Wraps an open database and brings its schema up to date.
    public init(_ writer: any DatabaseWriter, clock: WallClock = .system) throws {
        self.writer = writer
        self.clock = clock
        try Self.migrator.migrate(writer)
    }

    /// The on-disk database: a WAL-mode pool over `path`.
    public static func open(path: String, clock: WallClock = .system) throws -> SQLiteDatabase {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try SQLiteDatabase(DatabasePool(path: path, configuration: configuration), clock: clock)
    }

    /// A private in-memory database, for tests and one-off tools.
    public static func inMemory(clock: WallClock = .system) throws -> SQLiteDatabase {
        try SQLiteDatabase(DatabaseQueue(), clock: clock)
    }

    /// Runs raw SQL; tests use it to inject failures with triggers.
    public func execute(sql: String) async throws {
        try await writer.write { db in try db.execute(sql: sql) }
    }
}

extension SQLiteDatabase {
    public func insert(_ file: StoredFile) async throws {
        try await writer.write { db in try file.insert(db) }
        changes.publish(.file(file.id))
    }

    public func file(id: FileID) async throws -> StoredFile? {
        try await writer.read { db in
            try StoredFile.fetchOne(db, key: id.rawValue).map { try Self.showingProgress([$0], db)[0] }
        }
    }

    /// Progress lives on the job row, which the heartbeat rewrites; the file row is left alone.
    static func showingProgress(_ files: [StoredFile], _ db: Database) throws -> [StoredFile] {
        let transcoding = files.filter { $0.status == .transcoding }.map(\.id.rawValue)
        guard !transcoding.isEmpty else { return files }
        let rows = try Row.fetchAll(
            db, TranscodeJob.select(TranscodeJob.Columns.fileId, TranscodeJob.Columns.progress)
                .filter(transcoding.contains(TranscodeJob.Columns.fileId)))
        var progress: [String: Int] = [:]
        for row in rows { progress[row[0]] = row[1] }
        return files.map { $0.showing(progress: progress[$0.id.rawValue]) }
    }

    public func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws
        -> StoredFile?
    {
        let now = clock.now()
        let updated = try await writer.write { db in try Self.updateLiveFile(id: id, now: now, db, change) }
        changes.publish(.file(id))
        return updated
    }

    /// Applies `change` to the live row within the caller's transaction; nil when there is none.
    static func updateLiveFile(id: FileID, now: Date, _ db: Database, _ change: (inout StoredFile) throws -> Void) throws
        -> StoredFile?
    {
        guard var file = try StoredFile.filter(StoredFile.Columns.id == id.rawValue)
            .filter(StoredFile.Columns.isDeleted == false).fetchOne(db)
        else { return nil }
        try change(&file)
        file.updatedAt = now
        try file.update(db)
        return file
    }

    public func markDeleted(id: FileID) async throws -> StoredFile? {
        try await updateFile(id: id) { $0.isDeleted = true }
    }

    public func listFiles(_ query: FileListQuery) async throws -> [StoredFile] {
        try await writer.read { db in
            var request = StoredFile.all().order(StoredFile.Columns.createdAt.desc, StoredFile.Columns.id.desc)
            if let status = query.status { request = request.filter(StoredFile.Columns.status == status.rawValue) }
            if let type = query.type { request = request.filter(StoredFile.Columns.type == type.rawValue) }
            if let after = query.after {
                // The cursor row's own values, so the comparison never meets a rounded timestamp.
                request = request.filter(
                    sql: "(createdAt, id) < (SELECT createdAt, id FROM file WHERE id = ?)", arguments: [after.rawValue])
            }
            if !query.includeDeleted { request = request.filter(StoredFile.Columns.isDeleted == false) }
            return try Self.showingProgress(try request.limit(query.limit).fetchAll(db), db)
        }
    }

    public func checkAnswering() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func storedBytes(of uploaderId: String) async throws -> Int64 {
        try await writer.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(size), 0) FROM file WHERE uploaderId = ? AND isDeleted = 0", arguments: [uploaderId])
                ?? 0
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
