import Synchronization

/// Wakes the workers of this process waiting for a job. Each engine signals it when a job may have
/// become available: SQLite after its own writes, PostgreSQL on a `NOTIFY` from any node.
final class QueueWakeups: Sendable {
    private struct State {
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
        /// A signal no one was waiting for: the next wait returns at once, so a job queued while
        /// every worker was busy or between a worker's look and its wait is not left for the poll.
        var missed = false
    }

    private let state = Mutex(State())

    func signal() {
        let woken = state.withLock { state in
            defer { state.waiters.removeAll() }
            if state.waiters.isEmpty { state.missed = true }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns on the next `signal()`, true, or after `timeout` or when the task is cancelled, false.
    @discardableResult
    func wait(timeout: Duration) async -> Bool {
        let id: Int? = state.withLock { state in
            if state.missed {
                state.missed = false
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let settled = self.state.withLock { state in
                            if Task.isCancelled { return true }
                            if state.missed {
                                state.missed = false
                                return true
                            }
                            state.waiters[id] = continuation
                            return false
                        }
                        if settled { continuation.resume() }
                    }
                } onCancel: {
                    self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
                }
                return !Task.isCancelled
            }
            group.addTask {
                try? await cancellableSleep(for: timeout)
                return false
            }
            let woken = await group.next() ?? false
            group.cancelAll()
            return woken
        }
    }
}
