/// How long a test waits for what it expects before calling it missing. Long, because a loaded
/// 2-core machine running the whole suite answers late; only a server that never answers runs it
/// out, and a passing test never waits for it.
enum Patience {
    static let seconds: Double = 300
    static var duration: Duration { .seconds(seconds) }
}
