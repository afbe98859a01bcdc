import Synchronization

/// Counts work admitted to a bounded pool, running or waiting, and refuses what would pass the
/// bound: the caller answers "busy, try again" instead of queueing without end.
public final class AdmissionGate: Sendable {
    public let capacity: Int
    private let admitted = Mutex(0)

    public init(capacity: Int) { self.capacity = capacity }

    /// Admits one piece of work; false when `capacity` are already admitted.
    public func tryEnter() -> Bool {
        admitted.withLock { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    public func leave() { admitted.withLock { $0 -= 1 } }

    public var count: Int { admitted.withLock { $0 } }
}
