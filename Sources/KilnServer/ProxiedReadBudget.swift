import KilnDomain
import NIOCore
import NIOPosix
import Synchronization

/// The reads from an object store that one kind of body (downloads, HLS segments) may pass through to
/// clients at once, so slow readers never take every connection of the store's client and starve
/// uploads, HEADs and the workers. A read past it waits a little for one to end, in order of arrival.
final class ProxiedReadBudget: Sendable {
    let capacity: Int
    let kind: BlobBody.Kind
    let patience: Duration
    private let state = Mutex(State())

    private struct State {
        var admitted = 0
        var next = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        /// Waits not yet resumed, and those that ended (timed out, cancelled) before they had
        /// started waiting.
        var unresolved: Set<Int> = []
        var abandoned: Set<Int> = []
    }

    init(capacity: Int, kind: BlobBody.Kind, patience: Duration = DownloadLimits.proxiedReadPatience) {
        self.capacity = capacity
        self.kind = kind
        self.patience = patience
    }

    /// A slot, held until the ticket is released or dropped; nil when none came free in time.
    func admit() async -> Ticket? {
        let id: Int? = state.withLock { state in
            if state.admitted < capacity, state.waiting.isEmpty {
                state.admitted += 1
                return nil
            }
            defer { state.next += 1 }
            state.unresolved.insert(state.next)
            return state.next
        }
        guard let id else { return admitted() }
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(patience.nanoseconds)) {
            self.abandon(id)
        }
        let got = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let outcome = state.withLock { state -> Bool? in
                    if state.abandoned.remove(id) != nil { return false }
                    // A slot freed since this read was counted out.
                    if state.admitted < capacity, state.waiting.isEmpty {
                        state.admitted += 1
                        state.unresolved.remove(id)
                        return true
                    }
                    state.waiting.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(returning: outcome) }
            }
        } onCancel: {
            abandon(id)
        }
        timer.cancel()
        return got ? admitted() : nil
    }

    var count: Int { state.withLock { $0.admitted } }

    var waiting: Int { state.withLock { $0.waiting.count } }

    private func admitted() -> Ticket {
        KilnMeasures.proxiedReads(body: kind.rawValue, count: count)
        return Ticket(self)
    }

    private func abandon(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.unresolved.remove(id) != nil else { return nil }
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else {
                state.abandoned.insert(id)
                return nil
            }
            return state.waiting.remove(at: index).continuation
        }
        waiter?.resume(returning: false)
    }

    /// Hands the slot to the first waiter, or frees it.
    fileprivate func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.waiting.isEmpty else {
                let first = state.waiting.removeFirst()
                state.unresolved.remove(first.id)
                return first.continuation
            }
            state.admitted -= 1
            return nil
        }
        if let next {
            next.resume(returning: true)
        } else {
            KilnMeasures.proxiedReads(body: kind.rawValue, count: count)
        }
    }

    /// One admitted read. Released when its body is sent, or when the body is dropped unsent (a
    /// connection gone before the answer's head), so a slot is never lost.
    final class Ticket: Sendable {
        private let budget: ProxiedReadBudget
        private let released = Atomic(false)

        fileprivate init(_ budget: ProxiedReadBudget) { self.budget = budget }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { budget.leave() }
        }

        deinit { release() }
    }
}
