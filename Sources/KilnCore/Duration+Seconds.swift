import Foundation

extension Duration {
    /// The duration as a `TimeInterval`, for date arithmetic.
    public var seconds: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
