import KilnCore
import Synchronization

/// What changed in a metadata store, for caches above it: one file's row, or possibly anything
/// (a listener that lost its connection cannot know what it missed).
public enum FileChange: Sendable, Equatable {
    case file(FileID)
    case everything
}

/// Tells subscribers of every change a store knows of: its own writes (SQLite) or every node's,
/// through `NOTIFY` (PostgreSQL).
public final class FileChangeFeed: Sendable {
    private let subscribers = Mutex<[@Sendable (FileChange) -> Void]>([])

    public init() {}

    public func subscribe(_ handler: @escaping @Sendable (FileChange) -> Void) {
        subscribers.withLock { $0.append(handler) }
    }

    public func publish(_ change: FileChange) {
        for handler in subscribers.withLock({ $0 }) { handler(change) }
    }
}
