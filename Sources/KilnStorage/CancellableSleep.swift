import KilnCore
import NIOCore
import NIOPosix

/// Waits `duration` on an event loop's timer, which a cancellation takes out at once. `Task.sleep`
/// leaves its timer in libdispatch's heap until the time it would have ended, so a wait begun for
/// every database call and almost always cancelled (its timeout) piles thousands of them up there,
/// and the process spends the next seconds firing them.
func cancellableSleep(for duration: Duration) async throws {
    let scheduled = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(duration.nanoseconds)) {}
    do {
        try await withTaskCancellationHandler {
            try await scheduled.futureResult.get()
        } onCancel: {
            scheduled.cancel()
        }
    } catch EventLoopError.cancelled {
        throw CancellationError()
    }
}
