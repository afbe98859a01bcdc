import Foundation
import KilnCore
import Synchronization

/// Local disk for what an object store's bytes need nearby: uploads as they arrive (decoders read
/// them from a path) and sources copied down for processing. At most `capacity` bytes at once:
/// an upload that would pass it is refused, a source waits its turn.
final class ScratchSpace: Sendable {
    let folder: String
    let capacity: Int64
    private struct State {
        var used: Int64 = 0
        var waiters: [(bytes: Int64, continuation: CheckedContinuation<Void, Never>)] = []

        /// Takes `bytes` if they fit and nobody waits ahead.
        mutating func take(_ bytes: Int64, capacity: Int64) -> Bool {
            guard waiters.isEmpty, used + bytes <= capacity else { return false }
            used += bytes
            return true
        }
    }
    private let state = Mutex(State())

    init(folder: String, capacity: Int64) throws {
        self.folder = folder
        self.capacity = capacity
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func newFilePath(_ suffix: String) -> String { folder + "/" + FileID.random().rawValue + suffix }

    /// Takes `bytes` now if they fit; false otherwise.
    func tryReserve(_ bytes: Int64) -> Bool {
        state.withLock { $0.take(bytes, capacity: capacity) }
    }

    /// Takes `bytes`, waiting for others to release theirs; more than the whole space is refused.
    func reserve(_ bytes: Int64) async throws {
        guard bytes <= capacity else {
            throw StoreUnavailable("a \(bytes)-byte source does not fit in the \(capacity)-byte scratch space (KILN_SCRATCH_BYTES)", store: .blobStore)
        }
        if tryReserve(bytes) { return }
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state in
                if state.take(bytes, capacity: capacity) { return true }
                state.waiters.append((bytes, continuation))
                return false
            }
            if granted { continuation.resume() }
        }
    }

    func release(_ bytes: Int64) {
        guard bytes > 0 else { return }
        let admitted = state.withLock { state in
            state.used -= bytes
            var admitted: [CheckedContinuation<Void, Never>] = []
            // First come, first served: a large source is not starved by small ones behind it.
            while let first = state.waiters.first, state.used + first.bytes <= capacity {
                state.used += first.bytes
                admitted.append(first.continuation)
                state.waiters.removeFirst()
            }
            return admitted
        }
        for waiter in admitted { waiter.resume() }
    }

    /// Removes files nothing has written to within `grace`: a crashed process's. Nodes on one
    /// machine may share the folder, so a live neighbour's files are left alone.
    func sweep(sparingWritesWithin grace: Duration) -> Int {
        (try? QuietFiles.remove(in: folder, quietSince: Date().addingTimeInterval(-grace.seconds)).removed) ?? 0
    }
}
