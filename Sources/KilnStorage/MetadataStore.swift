import KilnCore

/// Where file rows live. SQLite (`SQLiteDatabase`) is the embedded default; a shared database
/// implementation lets several nodes serve one library.
public protocol MetadataStore: Sendable {
    func insert(_ file: StoredFile) async throws
    func file(id: FileID) async throws -> StoredFile?
    /// Applies `change` to the live row and returns the result; nil when there is no live row.
    func updateFile(id: FileID, _ change: @Sendable @escaping (inout StoredFile) throws -> Void) async throws
        -> StoredFile?
    /// Marks the row deleted; nil when there is no live row.
    func markDeleted(id: FileID) async throws -> StoredFile?
    func listFiles(_ query: FileListQuery) async throws -> [StoredFile]
    /// The subset of `ids` that have a row not marked deleted.
    func liveFileIDs(among ids: [FileID]) async throws -> Set<FileID>
    /// What `uploaderId`'s live files hold: the sum of their `size`, the bytes as uploaded (derived
    /// forms are Kiln's and not counted). Read from the database, so every node sees the same sum.
    func storedBytes(of uploaderId: String) async throws -> Int64
    /// Every change to a file's row (or to what its object shows, such as progress) that this
    /// store learns of.
    var changes: FileChangeFeed { get }
    /// Throws unless the database answers the cheapest question there is.
    func checkAnswering() async throws
}

public struct FileListQuery: Sendable, Equatable {
    public var status: FileStatus?
    public var type: FileType?
    public var limit: Int
    /// Cursor: list the files that come after this one. Files are listed newest first (by
    /// `createdAt`, then by id), so the newest upload and the latest failure lead every listing.
    public var after: FileID?
    public var includeDeleted: Bool

    public init(
        status: FileStatus? = nil, type: FileType? = nil, limit: Int = 100, after: FileID? = nil, includeDeleted: Bool = false
    ) {
        self.status = status
        self.type = type
        self.limit = limit
        self.after = after
        self.includeDeleted = includeDeleted
    }
}
