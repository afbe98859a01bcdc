import Foundation
import KilnCore
import Logging
import ServiceLifecycle

/// The stores one Kiln process works with, on the engine its configuration names: PostgreSQL when
/// a database URL is given, else SQLite in the data folder. Nothing above this knows which runs.
public struct Stores: Sendable {
    /// File rows, read through a cache every change on any node invalidates.
    public let files: any MetadataStore
    public let queue: any TranscodeQueue
    public let rooms: any RoomStore
    public let settings: any AppSettingsStore
    /// Work one node at a time does under a name.
    public let locks: any WorkLocks
    /// tus uploads between their requests.
    public let resumables: any ResumableUploadStore
    /// What must run while the stores are used (PostgreSQL's pool and job listener); none for SQLite.
    public let services: [any Service]
    /// Which engine, for logs; never with a password.
    public let engine: String

    /// Opens the engine and brings its schema up to date. An unreachable database is a
    /// `StoreUnavailable` that says where and why.
    public static func open(databaseURL: String?, sqlitePath: String, clock: WallClock, logger: Logger) async throws
        -> Stores
    {
        if let databaseURL {
            return try await open(postgres: try DatabaseLocation(url: databaseURL), logger: logger)
        }
        try PrivateFiles.createFolder((sqlitePath as NSString).deletingLastPathComponent)
        // Made 0600 before SQLite opens it, which then gives its WAL and shared memory the same mode.
        try PrivateFiles.touchFile(sqlitePath)
        let database = try SQLiteDatabase.open(path: sqlitePath, clock: clock)
        return Stores(
            files: CachedMetadataStore(database), queue: database, rooms: database, settings: database, locks: database, resumables: database, services: [], engine: "SQLite at \(sqlitePath)")
    }

    /// `timeout` bounds the start-up connection: a database that does not answer stops the start.
    public static func open(postgres location: DatabaseLocation, timeout: Duration = .seconds(3), logger: Logger) async throws
        -> Stores
    {
        let database = try await PostgresDatabase.open(location, timeout: timeout, logger: logger)
        return Stores(
            files: CachedMetadataStore(database), queue: database, rooms: database, settings: database, locks: database, resumables: database, services: [database],
            engine: "PostgreSQL at \(location)")
    }

    /// A private in-memory SQLite database, for tests and one-off tools.
    public static func inMemory(clock: WallClock = .system) throws -> Stores {
        let database = try SQLiteDatabase.inMemory(clock: clock)
        return Stores(
            files: CachedMetadataStore(database), queue: database, rooms: database, settings: database, locks: database, resumables: database, services: [], engine: "SQLite in memory")
    }

    /// Runs `body` with the stores' services running, for commands that are not a service group.
    public func whileRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
