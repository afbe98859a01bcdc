import KilnCore
import NIOCore
import NIOPosix
import Synchronization

/// Blobs lately found whole in memory, kept open for a moment, as a static file server's open-file
/// cache does: a hot blob (a feed's thumbnails, asked for many times a second) is sent without
/// being opened, measured and checked again for every request.
///
/// A blob's bytes never change under its key, so an entry can only go stale by its file being
/// deleted: a delete through the store drops it at once, and every entry is closed `lifetime` after
/// its check, so a file deleted by another node sharing the folder is not held open longer than
/// that, and pages the kernel dropped since the check cost at most that long.
final class OpenBlobFiles: Sendable {
    struct Entry: Sendable {
        let descriptor: FileDescriptor
        let size: Int64
        let checkedAt: ContinuousClock.Instant
    }

    let capacity: Int
    let lifetime: Duration
    /// Monotonic time; tests move it.
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[BlobKey: Entry]>([:])
    private let purgeScheduled = Atomic<Bool>(false)

    init(
        capacity: Int = 1024, lifetime: Duration = .seconds(1),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.capacity = capacity
        self.lifetime = lifetime
        self.now = now
    }

    /// The open blob under `key`, when it was checked within `lifetime`.
    func fresh(_ key: BlobKey) -> Entry? {
        let now = now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now - entry.checkedAt < lifetime else {
                entries[key] = nil
                return nil
            }
            return entry
        }
    }

    /// Keeps `descriptor`, just found whole in memory; makes room by closing the stalest entries.
    func keep(_ descriptor: FileDescriptor, size: Int64, as key: BlobKey) {
        let now = now()
        entries.withLock { entries in
            entries[key] = Entry(descriptor: descriptor, size: size, checkedAt: now)
            if entries.count > capacity {
                Self.dropExpired(&entries, now: now, lifetime: lifetime)
            }
            while entries.count > capacity, let stalest = entries.min(by: { $0.value.checkedAt < $1.value.checkedAt }) {
                entries[stalest.key] = nil
            }
        }
        schedulePurge()
    }

    func drop(_ key: BlobKey) {
        entries.withLock { $0[key] = nil }
    }

    func drop(fileId: FileID) {
        entries.withLock { entries in entries = entries.filter { $0.key.fileId != fileId } }
    }

    var count: Int { entries.withLock { $0.count } }

    /// Closes expired entries; repeats while any are left, so an idle node holds no file open.
    func purge() {
        let now = now()
        let left = entries.withLock { entries in
            Self.dropExpired(&entries, now: now, lifetime: lifetime)
            return entries.count
        }
        purgeScheduled.store(false, ordering: .sequentiallyConsistent)
        if left > 0 { schedulePurge() }
    }

    private func schedulePurge() {
        guard purgeScheduled.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged
        else { return }
        MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(lifetime.nanoseconds)) { [weak self] in
            self?.purge()
        }
    }

    private static func dropExpired(_ entries: inout [BlobKey: Entry], now: ContinuousClock.Instant, lifetime: Duration) {
        entries = entries.filter { now - $0.value.checkedAt < lifetime }
    }
}
