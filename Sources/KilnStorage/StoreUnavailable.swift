/// A store cannot be reached (down, restarting, not answering in time, or out of scratch space).
/// Callers answer 503 and try again later; nothing was changed.
public struct StoreUnavailable: Error, CustomStringConvertible {
    public enum Store: String, Sendable {
        case database
        case blobStore = "blob_store"
    }

    public let description: String
    public let store: Store

    public init(_ description: String, store: Store) {
        self.description = description
        self.store = store
    }
}
