/// The slowest a client may take a body Kiln streams to it (a download, an HLS segment): once
/// `grace` has passed, at least `bytesPerSecond` over every `grace`-long span, or its connection is
/// closed. Measured over a sliding span rather than since the start, so a client that took the first
/// megabytes fast and then stopped reading is cut a grace after it stopped, not hours later.
public struct DownloadFloor: Sendable, Equatable {
    /// 0 never cuts anyone.
    public var bytesPerSecond: Int64
    public var grace: Duration

    public init(bytesPerSecond: Int64, grace: Duration) {
        self.bytesPerSecond = bytesPerSecond
        self.grace = grace
    }

    public var isEnabled: Bool { bytesPerSecond > 0 && grace > .zero }

    /// What a client must take in each grace-long span.
    public var bytesPerGrace: Int64 { Int64((Double(bytesPerSecond) * grace.seconds).rounded(.up)) }
}

/// One body's progress against the floor: the bytes the connection has taken, sampled at each look.
public struct SendingPace: Sendable {
    public let floor: DownloadFloor
    /// Bytes sent by each look's time since the body began; the first is the oldest still needed.
    private var samples: [(at: Duration, sent: Int64)] = [(.zero, 0)]

    public init(floor: DownloadFloor) { self.floor = floor }

    /// Whether the client, having taken `sent` bytes `elapsed` after the body began, is below the
    /// floor: the grace is over and the last grace-long span (or a longer one, when looks were
    /// sparse) saw less than a grace's worth of bytes.
    public mutating func isTooSlow(sent: Int64, after elapsed: Duration) -> Bool {
        defer { samples.append((elapsed, sent)) }
        guard floor.isEnabled, elapsed >= floor.grace else { return false }
        let spanStart = elapsed - floor.grace
        while samples.count > 1, samples[1].at <= spanStart { samples.removeFirst() }
        return sent - samples[0].sent < floor.bytesPerGrace
    }
}
