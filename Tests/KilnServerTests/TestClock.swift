import Foundation
import KilnCore
import Synchronization

/// The clock a test hands to Kiln: it follows real time until the test moves it forward or stops it,
/// so expiry is tested by advancing the clock, never by sleeping, and dates are relative to it.
final class TestClock: Sendable {
    private struct State {
        var frozenAt: Date?
        var offset: TimeInterval = 0
    }

    private let state = Mutex(State())

    func now() -> Date {
        state.withLock { ($0.frozenAt ?? Date()).addingTimeInterval($0.offset) }
    }

    func advance(by duration: Duration) {
        state.withLock { $0.offset += duration.seconds }
    }

    /// Stops the clock at the current instant, cut to whole seconds so timestamps compare exactly.
    @discardableResult
    func freeze() -> Date {
        state.withLock { state in
            let now = (state.frozenAt ?? Date()).addingTimeInterval(state.offset)
            state.frozenAt = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
            state.offset = 0
            return state.frozenAt!
        }
    }

    var wallClock: WallClock { WallClock { [self] in now() } }
}
