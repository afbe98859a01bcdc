/// The metadata database cannot be reached (down, restarting, or not answering in time). Callers
/// answer 503 and try again later; nothing was changed.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
