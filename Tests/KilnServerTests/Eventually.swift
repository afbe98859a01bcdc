/// Asks until `answer` is what `done` wants, for at most `seconds`; the last answer. For what a
/// node finishes after it has answered (a cache dropped, old blobs deleted, a file closed).
func eventually<Answer>(
    within seconds: Double = Patience.seconds, _ ask: () async throws -> Answer, until done: (Answer) -> Bool
) async rethrows -> Answer {
    let start = ContinuousClock.now
    while true {
        let answer = try await ask()
        if done(answer) || ContinuousClock.now - start > .seconds(seconds) { return answer }
        try? await Task.sleep(for: .milliseconds(20))
    }
}
