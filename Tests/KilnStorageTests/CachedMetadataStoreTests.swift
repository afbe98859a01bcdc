import Foundation
import KilnCore
import Synchronization
import Testing

@testable import KilnStorage

/// The file-row cache in front of every engine: what one node changes, another sees; what a node
/// deleted, it never serves again; and nothing outlives `maxAge` if a notification is lost.
struct CachedMetadataStoreTests {
    /// Returns true once `feed` reports a change to `id` (or everything); false if a minute passes
    /// first, so a missing notification fails the test instead of hanging it.
    static func changeHeard(of id: FileID, on feed: FileChangeFeed) -> () async -> Bool {
        let heard = Mutex<(done: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))
        feed.subscribe { change in
            guard change == .file(id) || change == .everything else { return }
            let waiter = heard.withLock { state -> CheckedContinuation<Void, Never>? in
                state.done = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
        let wait: @Sendable () async -> Void = {
            await withCheckedContinuation { continuation in
                let done = heard.withLock { state in
                    if !state.done { state.waiter = continuation }
                    return state.done
                }
                if done { continuation.resume() }
            }
        }
        return {
            await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await wait()
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(60))
                    return false
                }
                let first = await group.next() ?? false
                if !first {
                    heard.withLock { state in
                        defer { state.waiter = nil }
                        return state.waiter
                    }?.resume()
                }
                group.cancelAll()
                return first
            }
        }
    }

    @Test(arguments: StoreEngine.available)
    func anUpdateOnOneNodeIsSeenOnAnother(_ engine: StoreEngine) async throws {
        try await engine.withNodes { a, b in
            let file = MetadataStoreTests.file()
            try await a.files.insert(file)
            #expect(try await b.files.file(id: file.id)?.altText == "a cat")
            let heard = Self.changeHeard(of: file.id, on: b.files.changes)
            _ = try await a.files.updateFile(id: file.id) { $0.altText = "a dog" }
            #expect(await heard())
            #expect(try await b.files.file(id: file.id)?.altText == "a dog")
        }
    }

    @Test(arguments: StoreEngine.available)
    func aTranscodeFinishingOnOneNodeIsSeenOnAnother(_ engine: StoreEngine) async throws {
        try await engine.withNodes { api, worker in
            let id = try await TranscodeQueueTests.queue(1, in: api)[0].id
            #expect(try await api.files.file(id: id)?.status == .uploaded)
            _ = try await worker.queue.leaseNextJob(owner: "w", lease: .seconds(600))
            let heard = Self.changeHeard(of: id, on: api.files.changes)
            #expect(try await worker.queue.completeJob(of: id, owner: "w", variants: [:], metadata: [:]))
            #expect(await heard())
            #expect(try await api.files.file(id: id)?.status == .transcoded)
        }
    }

    /// Reads racing the delete may see the live row; none after the delete returned.
    @Test(arguments: StoreEngine.available)
    func aDeletedFileIsNeverServedAfterItsDeleteReturned(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            for _ in 0..<20 {
                let file = MetadataStoreTests.file()
                try await stores.files.insert(file)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 { group.addTask { _ = try await stores.files.file(id: file.id) } }
                    group.addTask { _ = try await stores.files.markDeleted(id: file.id) }
                    try await group.waitForAll()
                }
                #expect(try await stores.files.file(id: file.id)?.isDeleted == true)
            }
        }
    }

    /// A change nobody was told of (a notification lost) is served stale for `maxAge` at most; a
    /// listener that reconnects forgets everything at once.
    @Test func nothingOutlivesItsAgeOrAReconnection() async throws {
        let clock = MonotonicTestClock()
        let inner = SilentStore()
        let cache = CachedMetadataStore(inner, maxAge: .seconds(2), now: clock.now)
        let file = MetadataStoreTests.file()
        inner.put(file)
        #expect(try await cache.file(id: file.id)?.altText == "a cat")
        var changed = file
        changed.altText = "a dog"
        inner.put(changed)
        clock.advance(.seconds(1))
        #expect(try await cache.file(id: file.id)?.altText == "a cat")
        clock.advance(.seconds(1))
        #expect(try await cache.file(id: file.id)?.altText == "a dog")

        changed.altText = "a bird"
        inner.put(changed)
        inner.changes.publish(.everything)
        #expect(try await cache.file(id: file.id)?.altText == "a bird")
    }
}

/// Monotonic time a test moves.
final class MonotonicTestClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)
    func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    var now: @Sendable () -> ContinuousClock.Instant { { [self] in start + offset.withLock { $0 } } }
}

/// A store whose rows change behind the cache's back, announcing nothing.
final class SilentStore: MetadataStore {
    private let rows = Mutex<[FileID: StoredFile]>([:])
    let changes = FileChangeFeed()
    func put(_ file: StoredFile) { rows.withLock { $0[file.id] = file } }
    func insert(_ file: StoredFile) async throws { put(file) }
    func file(id: FileID) async throws -> StoredFile? { rows.withLock { $0[id] } }
    func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws -> StoredFile? { nil }
    func markDeleted(id: FileID) async throws -> StoredFile? { nil }
    func listFiles(_ query: FileListQuery) async throws -> [StoredFile] { [] }
    func liveFileIDs(among ids: [FileID]) async throws -> Set<FileID> { [] }
    func storedBytes(of uploaderId: String) async throws -> Int64 { 0 }
    func checkAnswering() async throws {}
}
