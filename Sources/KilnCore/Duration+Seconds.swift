import Foundation

extension Duration {
    /// The duration as a `TimeInterval`, for date arithmetic.
    public var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }

    /// The duration in whole nanoseconds, for timers that count in them.
    public var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
