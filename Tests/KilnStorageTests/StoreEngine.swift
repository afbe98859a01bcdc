import Foundation
import KilnCore
import KilnStorage
import Logging
import PostgresNIO
import Testing

/// The engines every store contract runs against: SQLite always, PostgreSQL when `scripts/test`
/// (or you) put a server in `KILN_TEST_DATABASE_URL`. Each test gets empty stores of its own: an
/// in-memory SQLite database, or a fresh PostgreSQL schema dropped afterwards.
enum StoreEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var available: [StoreEngine] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KILN_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var testDescription: String { rawValue }

    func withStores<T: Sendable>(_ body: @Sendable (Stores) async throws -> T) async throws -> T {
        try await withNodes { first, _ in try await body(first) }
    }

    /// Two nodes' stores over one database: on PostgreSQL each with its own pool and listener, as two
    /// machines have; SQLite serves one node, so both are the same.
    func withNodes<T: Sendable>(_ body: @Sendable (Stores, Stores) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let stores = try Stores.inMemory()
            return try await body(stores, stores)
        case .postgres:
            let schema = try await PostgresSchema.create()
            do {
                let first = try await Stores.open(postgres: schema.location, timeout: .seconds(30), logger: Logger(label: "test"))
                let second = try await Stores.open(postgres: schema.location, timeout: .seconds(30), logger: Logger(label: "test"))
                let result = try await first.whileRunning { try await second.whileRunning { try await body(first, second) } }
                try await schema.drop()
                return result
            } catch {
                try? await schema.drop()
                throw error
            }
        }
    }
}

/// A schema of its own on the test server, reached through `search_path`.
struct PostgresSchema {
    let location: DatabaseLocation
    let name: String

    static func create() async throws -> PostgresSchema {
        let name = "test_\(FileID.random().rawValue.prefix(12))"
        var location = try DatabaseLocation(url: StoreEngine.postgresURL!)
        try await run("CREATE SCHEMA \(name)", at: location)
        location.startupParameters = [("search_path", name)]
        return PostgresSchema(location: location, name: name)
    }

    func drop() async throws {
        var plain = location
        plain.startupParameters = []
        try await Self.run("DROP SCHEMA \(name) CASCADE", at: plain)
    }

    static func run(_ sql: String, at location: DatabaseLocation) async throws {
        _ = try await withConnection(to: location) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test"))
        }
    }

    static func withConnection<T: Sendable>(to location: DatabaseLocation, _ body: (PostgresConnection) async throws -> T)
        async throws -> T
    {
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(timeout: .seconds(30)), id: 1, logger: Logger(label: "test"))
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
