import Foundation
import KilnCore
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The PostgreSQL store that several nodes share: file rows, the transcode queue and rooms. It is a
/// service: its connection pool and the listener that wakes this node's workers when any node queues
/// a job run while the service group runs. Every call gives up after `timeout` with
/// `StoreUnavailable`, so a database that went away costs a request seconds, never a hang.
public final class PostgresDatabase: Service, Sendable {
    let client: PostgresClient
    let location: DatabaseLocation
    let logger: Logger
    let timeout: Duration
    let wakeups = QueueWakeups()
    /// Every node's changes to file rows, heard through `NOTIFY kiln_file_changed`.
    public let changes = FileChangeFeed()
    static let jobQueuedChannel = "kiln_job_queued"
    static let fileChangedChannel = "kiln_file_changed"

    /// Connects once to check the server is there and to bring the schema up to date (under an
    /// advisory lock, so nodes starting together apply each migration once); the pool itself runs
    /// with the service.
    public static func open(_ location: DatabaseLocation, timeout: Duration = .seconds(3), logger: Logger) async throws
        -> PostgresDatabase
    {
        try await PostgresMigrator.migrate(location, timeout: timeout, logger: logger)
        return PostgresDatabase(location, timeout: timeout, logger: logger)
    }

    private init(_ location: DatabaseLocation, timeout: Duration, logger: Logger) {
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: location.tls.clientTLS)
        configuration.options.additionalStartupParameters = location.startupParameters
        configuration.options.connectTimeout = timeout
        configuration.options.maximumConnections = 32
        // A dead server is noticed by the next query; idle connections need no keep-alive chatter.
        configuration.options.keepAliveBehavior = nil
        // The pool retries connections on its own and says so at every attempt; what matters reaches
        // the log through StoreUnavailable. (A call made as the service starts may lease before
        // the pool runs; it waits, and the pool's warning about it is noise too.)
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        self.location = location
        self.timeout = timeout
        self.logger = logger
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask {
                // After every (re)connection the workers look once, for what was queued while nobody listened.
                await self.listen(to: Self.jobQueuedChannel, connected: { self.wakeups.signal() }) { _ in self.wakeups.signal() }
            }
            group.addTask {
                // And caches forget everything: they cannot know what changed while nobody listened.
                await self.listen(
                    to: Self.fileChangedChannel, connected: { self.changes.publish(.everything) },
                    lost: { self.changes.publish(.everything) }
                ) { payload in
                    self.changes.publish(FileID(rawValue: payload).map(FileChange.file) ?? .everything)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    /// Keeps one connection listening on `channel`, connecting again whenever it is lost.
    private func listen(
        to channel: String, connected: @escaping @Sendable () -> Void, lost: @escaping @Sendable () -> Void = {},
        heard: @escaping @Sendable (String) -> Void
    ) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        connected()
                        for try await notification in notifications { heard(notification.payload) }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("listener lost its connection", metadata: ["channel": "\(channel)", "error": "\(String(reflecting: error))"])
            }
            // Deaf until it reconnects: what depends on hearing may not trust what it has.
            lost()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    /// The files a transaction notified other nodes of; this node's own caches hear of them as soon
    /// as it commits, without waiting for the notification to come round.
    final class TouchedFiles: Sendable {
        let ids = Mutex<[FileID]>([])
    }

    @TaskLocal static var touchedFiles: TouchedFiles?

    /// Runs `body` in one transaction, giving up after `timeout`.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let touched = TouchedFiles()
        do {
            let result = try await Self.$touchedFiles.withValue(touched) {
                try await withinTimeout {
                    try await self.client.withTransaction(logger: self.logger) { connection in try await body(connection) }
                }
            }
            for id in touched.ids.withLock({ $0 }) { changes.publish(.file(id)) }
            return result
        } catch let error as PostgresTransactionError {
            // The body's own error, once rolled back, is the caller's answer.
            if let cause = error.closureError, error.rollbackError == nil { throw cause }
            throw error
        }
    }

    /// Runs one statement outside a transaction, giving up after `timeout`.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withinTimeout { try await self.client.query(query, logger: self.logger).collect() }
    }

    private func withinTimeout<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    try await cancellableSleep(for: self.timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    throw StoreUnavailable("the database at \(self.location) did not answer within \(self.timeout)", store: .database)
                }
                return value
            }
        } catch let error where Self.isConnectionFailure(error) {
            throw StoreUnavailable("the database at \(location) is unreachable", store: .database)
        }
    }

    /// Failures of the connection rather than of the statement: the server is gone or restarting.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError, error.rollbackError]
                .compactMap { $0 }.contains(where: isConnectionFailure)
        }
        guard let error = error as? PSQLError else { return error is ChannelError }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // Class 08 (connection exception), 57P0x (the server shutting down or starting up) and 53
            // (out of connections, memory or disk): the server, not the statement.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P") || state.hasPrefix("53")
        default:
            return false
        }
    }
}
