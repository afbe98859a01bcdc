import Testing

@testable import KilnStorage

/// The timeout every database call races: it ends when its time is up, and a cancelled one ends at
/// once with a cancellation (were the timer left to run, the task would finish normally, a minute on).
struct CancellableSleepTests {
    @Test func aSleepEndsWhenItsTimeIsUp() async throws {
        try await cancellableSleep(for: .milliseconds(10))
    }

    @Test func aCancelledSleepEndsAtOnceWithACancellation() async throws {
        let sleeper = Task { try await cancellableSleep(for: .seconds(60)) }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
