import CMediaShims
import Synchronization

/// Shared between a running transcode and whoever watches it: how far it has come, and a request to
/// stop that the transcode honours at its next frame.
public final class TranscodeMonitor: Sendable {
    private let state = Mutex((fraction: 0.0, stopRequested: false))

    public init() {}

    /// 0…1.
    public var fraction: Double { state.withLock { $0.fraction } }

    public func requestStop() { state.withLock { $0.stopRequested = true } }

    /// Records progress; throws a stop failure once a stop has been requested.
    func report(_ fraction: Double) throws(AVFailure) {
        let stop = state.withLock { state in
            state.fraction = min(1, max(state.fraction, fraction))
            return state.stopRequested
        }
        if stop { throw AVFailure.stop("transcode") }
    }
}
