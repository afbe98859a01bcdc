import CMediaShims
import Synchronization

/// Shared between a running transcode and whoever watches it: how far it has come, and a request to
/// stop that the transcode honours at its next frame.
public final class TranscodeMonitor: Sendable {
    private let state = Mutex((fraction: 0.0, stopRequested: false))
    /// Told of each new fraction, on the transcoding thread (a sandboxed decoder sends it on).
    private let observer: (@Sendable (Double) -> Void)?

    public init(observer: (@Sendable (Double) -> Void)? = nil) {
        self.observer = observer
    }

    /// 0…1.
    public var fraction: Double { state.withLock { $0.fraction } }

    public var isStopRequested: Bool { state.withLock { $0.stopRequested } }

    public func requestStop() { state.withLock { $0.stopRequested = true } }

    /// Records progress; throws a stop failure once a stop has been requested.
    public func report(_ fraction: Double) throws(AVFailure) {
        let (stop, advanced) = state.withLock { state in
            let advanced = min(1, max(state.fraction, fraction))
            defer { state.fraction = advanced }
            return (state.stopRequested, advanced > state.fraction ? advanced : nil)
        }
        if stop { throw AVFailure.stop("transcode") }
        if let advanced { observer?(advanced) }
    }
}
