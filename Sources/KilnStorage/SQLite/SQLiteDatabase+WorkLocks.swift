extension SQLiteDatabase: WorkLocks {
    public func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await body()
    }
}
