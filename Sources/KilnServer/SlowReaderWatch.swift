import KilnCore
import KilnDomain
import NIOCore
import ServiceLifecycle
import Synchronization

/// Closes the connection of a client that takes a download or an HLS segment slower than the floor,
/// which ends its body and lets go of what the body held: an S3 connection and its proxied-read slot,
/// or an open file. One loop looks at every body being sent, four times a grace, on the clock it is
/// given (a test's moves only when the test says).
final class SlowReaderWatch: Service, Sendable {
    let floor: DownloadFloor
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private let sending = Mutex(Bodies())

    private struct Bodies {
        var next = 0
        var watched: [Int: Watched] = [:]
    }

    private struct Watched {
        let channel: any Channel
        let kind: BlobBody.Kind
        let started: Duration
        let sent: SentBytes
        var pace: SendingPace
    }

    init<C: Clock<Duration>>(floor: DownloadFloor, clock: C) {
        self.floor = floor
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleep = { try await clock.sleep(for: $0) }
    }

    /// How much of a file goes to the socket in one write: progress is seen as each piece is taken,
    /// so a piece is at most what the floor asks for in a grace; then a client steadily at or above the
    /// floor finishes one in every grace-long span and is never cut. Nil, the whole file at once,
    /// without a floor.
    var filePieceBytes: Int64? {
        floor.isEnabled ? min(max(floor.bytesPerGrace, 64 << 10), 4 << 20) : nil
    }

    func run() async throws {
        guard floor.isEnabled else { return try await gracefulShutdown() }
        // The server stops (and finishes its downloads) before the services it was given.
        try? await cancelWhenGracefulShutdown {
            while true {
                try await self.sleep(self.floor.grace / 4)
                self.look()
            }
        }
    }

    /// Runs `body`, which sends a response on `channel` and counts what it hands over in the
    /// `SentBytes` it is given, under the floor.
    func sending<T>(_ kind: BlobBody.Kind, on channel: any Channel, _ body: (SentBytes) async throws -> T) async throws -> T {
        let sent = SentBytes()
        guard floor.isEnabled else { return try await body(sent) }
        let watched = Watched(channel: channel, kind: kind, started: elapsed(), sent: sent, pace: SendingPace(floor: floor))
        let id = sending.withLock { bodies in
            defer { bodies.next += 1 }
            bodies.watched[bodies.next] = watched
            return bodies.next
        }
        defer { sending.withLock { _ = $0.watched.removeValue(forKey: id) } }
        return try await body(sent)
    }

    private func look() {
        let now = elapsed()
        let slow = sending.withLock { bodies in
            var slow: [Watched] = []
            for (id, var watched) in bodies.watched {
                if watched.pace.isTooSlow(sent: watched.sent.count, after: now - watched.started) {
                    slow.append(watched)
                    bodies.watched[id] = nil
                } else {
                    bodies.watched[id] = watched
                }
            }
            return slow
        }
        for watched in slow {
            KilnMeasures.slowReaderCut(body: watched.kind.rawValue)
            // The write waiting for the client fails, the body ends, and what it read from is dropped.
            watched.channel.close(promise: nil)
        }
    }
}

/// The bytes a body has handed to its connection so far.
final class SentBytes: Sendable {
    private let total = Atomic<Int64>(0)

    func add(_ count: Int) { total.add(Int64(count), ordering: .relaxed) }

    var count: Int64 { total.load(ordering: .relaxed) }
}
