import PostgresNIO

extension PostgresDatabase: WorkLocks {
    /// A session advisory lock on one connection held for the work. It is asked for without
    /// waiting in the database, and asked again a moment later: a node waiting for another's work
    /// never holds a connection the working node may need.
    public func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        var wait = Duration.milliseconds(20)
        while true {
            if let result = try await withLock(name, body) { return result }
            try await Task.sleep(for: wait)
            wait = min(wait * 2, .milliseconds(500))
        }
    }

    /// The work's result, or nil when another node holds the lock.
    private func withLock<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await client.withConnection { connection in
            let rows = try await connection.query("SELECT pg_try_advisory_lock(hashtextextended(\(name), 0))", logger: logger)
            guard try await rows.collect().first?.decode(Bool.self) == true else { return nil }
            do {
                let result = try await body()
                _ = try await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(name), 0))", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(hashtextextended(\(name), 0))", logger: logger)
                throw error
            }
        }
    }
}
