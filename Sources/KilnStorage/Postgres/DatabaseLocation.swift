import Foundation
import NIOCore
import PostgresNIO

/// Where the PostgreSQL server is, from a `postgres://user:password@host:port/database` URL. Its
/// description never shows the password.
public struct DatabaseLocation: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let username: String
    let password: String?
    public let database: String
    /// `sslmode` and `sslrootcert` from the URL's query.
    public let tls: DatabaseTLS
    /// Extra settings sent when connecting, e.g. a `search_path` that gives a test its own schema.
    public var startupParameters: [(String, String)] = []

    public init(url text: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw DatabaseURLError("KILN_DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        guard let host = url.host, !host.isEmpty else { throw DatabaseURLError("KILN_DATABASE_URL names no host") }
        guard let user = url.user, !user.isEmpty else { throw DatabaseURLError("KILN_DATABASE_URL names no user") }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw DatabaseURLError("KILN_DATABASE_URL names no database") }
        let tls = try DatabaseTLS(queryItems: url.queryItems ?? [])
        self.host = host
        self.port = url.port ?? 5432
        self.username = user
        self.password = url.password
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (tls.mode == .disable ? "" : "?sslmode=\(tls.mode.rawValue)")
    }
}

extension DatabaseLocation {
    /// One connection's settings, for start-up work done before the pool runs (and for tests).
    public func connectionConfiguration(timeout: Duration) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: try tls.connectionTLS())
        configuration.options.additionalStartupParameters = startupParameters
        configuration.options.connectTimeout = .init(timeout)
        return configuration
    }
}

public struct DatabaseURLError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
