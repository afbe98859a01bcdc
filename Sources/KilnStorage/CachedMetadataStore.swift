import KilnCore
import Synchronization

/// File rows kept in memory for the read path (file objects, downloads), correct across nodes:
/// every change the store reports (its own writes, or any node's on PostgreSQL) drops the row, a
/// write through this cache drops it before the write returns, and no row is kept longer than
/// `maxAge` whatever happens to notifications. A read that began before a change never stores
/// what it read.
public final class CachedMetadataStore: MetadataStore {
    let inner: any MetadataStore
    let capacity: Int
    let maxAge: Duration
    /// Monotonic time; tests move it.
    let now: @Sendable () -> ContinuousClock.Instant

    private enum Entry {
        case row(StoredFile, filledAt: ContinuousClock.Instant)
        /// A change after `tick`: reads that began before it must not store their result.
        case changed(tick: UInt64, at: ContinuousClock.Instant)
    }

    private struct State {
        var entries: [FileID: Entry] = [:]
        var tick: UInt64 = 0
        var flushedAt: UInt64 = 0
    }

    private let state = Mutex(State())

    public init(
        _ inner: any MetadataStore, capacity: Int = 50_000, maxAge: Duration = .seconds(2),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.inner = inner
        self.capacity = capacity
        self.maxAge = maxAge
        self.now = now
        inner.changes.subscribe { [weak self] change in self?.drop(change) }
    }

    public var changes: FileChangeFeed { inner.changes }

    public func file(id: FileID) async throws -> StoredFile? {
        let (cached, startTick) = state.withLock { state -> (StoredFile?, UInt64) in
            if case .row(let file, let filledAt) = state.entries[id], now() - filledAt < maxAge { return (file, state.tick) }
            return (nil, state.tick)
        }
        if let cached { return cached }
        let fetched = try await inner.file(id: id)
        if let fetched { store(fetched, readSince: startTick) }
        return fetched
    }

    public func insert(_ file: StoredFile) async throws {
        defer { drop(.file(file.id)) }
        try await inner.insert(file)
    }

    public func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws
        -> StoredFile?
    {
        defer { drop(.file(id)) }
        return try await inner.updateFile(id: id, change)
    }

    public func markDeleted(id: FileID) async throws -> StoredFile? {
        defer { drop(.file(id)) }
        return try await inner.markDeleted(id: id)
    }

    public func listFiles(_ query: FileListQuery) async throws -> [StoredFile] { try await inner.listFiles(query) }

    public func liveFileIDs(among ids: [FileID]) async throws -> Set<FileID> { try await inner.liveFileIDs(among: ids) }

    public func storedBytes(of uploaderId: String) async throws -> Int64 { try await inner.storedBytes(of: uploaderId) }

    public func checkAnswering() async throws { try await inner.checkAnswering() }

    func drop(_ change: FileChange) {
        let instant = now()
        state.withLock { state in
            state.tick += 1
            switch change {
            case .file(let id):
                state.entries[id] = .changed(tick: state.tick, at: instant)
            case .everything:
                state.flushedAt = state.tick
                state.entries.removeAll(keepingCapacity: true)
            }
        }
    }

    private func store(_ file: StoredFile, readSince startTick: UInt64) {
        let instant = now()
        state.withLock { state in
            guard state.flushedAt <= startTick else { return }
            if case .changed(let tick, _) = state.entries[file.id], tick > startTick { return }
            if state.entries.count >= capacity { evict(&state, at: instant) }
            state.entries[file.id] = .row(file, filledAt: instant)
        }
    }

    /// Makes room: rows past their age and old change marks go; if that is not enough, everything
    /// (marked as a flush, so reads in flight do not refill it with what they read before).
    private func evict(_ state: inout State, at instant: ContinuousClock.Instant) {
        // A change mark only matters while a read that began before it may still finish.
        let markLifetime = max(maxAge, .seconds(30))
        state.entries = state.entries.filter { _, entry in
            switch entry {
            case .row(_, let filledAt): instant - filledAt < maxAge
            case .changed(_, let at): instant - at < markLifetime
            }
        }
        if state.entries.count >= capacity {
            state.tick += 1
            state.flushedAt = state.tick
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
