import Foundation
import Synchronization

/// What one user may cost the service: uploads at once, bytes an hour, bytes kept. Nil is no limit.
/// Admin and service tokens are not limited (operators, and backends that limit their own users).
public struct FairUseLimits: Sendable, Equatable {
    /// Uploads one user may have in flight on one node at once (`KILN_USER_UPLOADS_IN_FLIGHT`).
    public var uploadsInFlight: Int?
    /// Upload body bytes one user may send one node within an hour (`KILN_USER_BYTES_PER_HOUR`).
    public var bytesPerHour: Int64?
    /// Bytes one user's live files may hold, counted in the metadata store so it holds across nodes
    /// (`KILN_USER_STORED_BYTES`).
    public var storedBytes: Int64?

    public init(uploadsInFlight: Int? = 8, bytesPerHour: Int64? = 10 << 30, storedBytes: Int64? = 50 << 30) {
        self.uploadsInFlight = uploadsInFlight
        self.bytesPerHour = bytesPerHour
        self.storedBytes = storedBytes
    }

    public static let `default` = FairUseLimits()
    public static let unlimited = FairUseLimits(uploadsInFlight: nil, bytesPerHour: nil, storedBytes: nil)
}

/// Counts, per user, what is held at once (uploads in flight), refusing what passes a bound.
public final class PerUserGate: Sendable {
    private let held = Mutex<[String: Int]>([:])

    public init() {}

    /// Takes one for `user`; false when `capacity` are held already.
    public func tryEnter(_ user: String, capacity: Int) -> Bool {
        held.withLock { held in
            let count = held[user, default: 0]
            guard count < capacity else { return false }
            held[user] = count + 1
            return true
        }
    }

    public func leave(_ user: String) {
        held.withLock { held in
            let count = held[user, default: 0] - 1
            held[user] = count > 0 ? count : nil
        }
    }

    public func count(of user: String) -> Int { held.withLock { $0[user, default: 0] } }
}

/// Bytes each user sent within the last hour, in one-minute buckets: memory stays at most 60
/// numbers a user, and bytes stop counting at the end of the minute an hour after they came (so
/// up to a minute late, never early).
public final class HourlyByteLedger: Sendable {
    public static let window: Int64 = 60
    static let bucketSeconds: Double = 60

    private struct Bucket {
        var minute: Int64
        var bytes: Int64
    }

    private struct State {
        var users: [String: [Bucket]] = [:]
        var lastPrunedMinute: Int64 = .min
    }

    private let state = Mutex(State())

    public init() {}

    static func minute(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / bucketSeconds).rounded(.down)) }

    /// Bytes `user` sent within the hour before `now`.
    public func used(by user: String, at now: Date) -> Int64 {
        let minute = Self.minute(of: now)
        return state.withLock { state in
            Self.live(state.users[user] ?? [], at: minute).reduce(0) { $0 + $1.bytes }
        }
    }

    /// Counts `bytes` for `user` unless that would pass `limit` within the hour; then nothing is
    /// counted and the answer is how long until enough of the hour's bytes have expired for them
    /// to fit (nil when they were counted). Bytes larger than `limit` on their own never fit: the
    /// wait is then the whole window.
    public func count(_ bytes: Int64, for user: String, limit: Int64, at now: Date) -> Duration? {
        settle(bytes, for: user, limit: limit, at: now, counting: true)
    }

    /// How long until `bytes` more would fit within `user`'s hour (nil: they fit now); nothing is
    /// counted.
    public func wait(toFit bytes: Int64, for user: String, limit: Int64, at now: Date) -> Duration? {
        settle(bytes, for: user, limit: limit, at: now, counting: false)
    }

    private func settle(_ bytes: Int64, for user: String, limit: Int64, at now: Date, counting: Bool) -> Duration? {
        let minute = Self.minute(of: now)
        return state.withLock { state in
            if state.lastPrunedMinute != minute {
                state.lastPrunedMinute = minute
                state.users = state.users.compactMapValues { buckets in
                    let live = Self.live(buckets, at: minute)
                    return live.isEmpty ? nil : live
                }
            }
            var buckets = Self.live(state.users[user] ?? [], at: minute)
            let used = buckets.reduce(0) { $0 + $1.bytes }
            guard used + bytes > limit else {
                guard counting else { return nil }
                if buckets.last?.minute == minute {
                    buckets[buckets.count - 1].bytes += bytes
                } else {
                    buckets.append(Bucket(minute: minute, bytes: bytes))
                }
                state.users[user] = buckets
                return nil
            }
            return Self.wait(until: used + bytes - limit, frees: buckets, now: now)
        }
    }

    /// How long until `needed` bytes of `buckets` (oldest first) have stopped counting.
    private static func wait(until needed: Int64, frees buckets: [Bucket], now: Date) -> Duration {
        var freed: Int64 = 0
        for bucket in buckets {
            freed += bucket.bytes
            if freed >= needed {
                let expires = Double(bucket.minute + window) * bucketSeconds
                return .seconds(max(1, Int64((expires - now.timeIntervalSince1970).rounded(.up))))
            }
        }
        return .seconds(window * Int64(bucketSeconds))
    }

    private static func live(_ buckets: [Bucket], at minute: Int64) -> [Bucket] {
        buckets.filter { $0.minute > minute - window }
    }
}
