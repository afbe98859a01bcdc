/// Work only one node at a time may do under a name, such as making one size of one image: on a
/// database nodes share, a lock the database holds for the work; on SQLite, whose node is alone,
/// the work itself (the node keeps its own work to one at a time).
public protocol WorkLocks: Sendable {
    /// Runs `body` once no other node runs work under `name`, waiting for it; `body` sees what the
    /// other node's work left in the stores.
    func exclusively<T: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T
}
