import Foundation

/// Where "now" comes from for everything that stamps, signs or expires: the system's clock in
/// production, a clock the test sets in tests, so no rule depends on the day it runs.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public func now() -> Date { read() }

    public static let system = WallClock { Date() }
}
