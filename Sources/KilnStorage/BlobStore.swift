import KilnCore
import NIOCore

/// Names one stored byte stream: a file's original upload or one of its derived forms.
public struct BlobKey: Hashable, Sendable, CustomStringConvertible {
    public let fileId: FileID
    public let variant: String

    public init(fileId: FileID, variant: String) {
        precondition(variant.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) },
            "blob variant names are lowercase ASCII words")
        self.fileId = fileId
        self.variant = variant
    }

    public static func original(_ fileId: FileID) -> BlobKey { BlobKey(fileId: fileId, variant: "original") }

    public var description: String { "\(fileId)/\(variant)" }
}

/// Bytes being received; nothing is visible under a key until the store commits them.
public protocol BlobUpload: AnyObject, Sendable {
    var bytesWritten: Int64 { get }
    /// A local file holding the bytes so far, for decoders that read from a path.
    var localPath: String { get }
    func write(_ buffer: ByteBuffer) async throws
    /// Drops the partial bytes. Safe to call more than once and after a commit.
    func abort()
}

/// Where file bytes live. The filesystem store is the embedded default; an S3-compatible store
/// serves several nodes.
public protocol BlobStore: Sendable {
    func beginUpload() throws -> any BlobUpload
    /// Makes the upload's bytes durable and visible under `key`, all or nothing.
    func commit(_ upload: any BlobUpload, as key: BlobKey) async throws
    func size(of key: BlobKey) async throws -> Int64?
    /// The bytes of `range` (whole blob when nil), read as the consumer asks for them.
    func read(_ key: BlobKey, range: ClosedRange<Int64>?) async throws -> BlobReadStream
    /// A local file holding the blob, for decoders that read from a path.
    func localPath(of key: BlobKey) async throws -> String
    /// Removes one blob; nothing happens when it is not there.
    func delete(_ key: BlobKey) async throws
    /// Removes every blob of the file.
    func deleteAll(of fileId: FileID) async throws
    /// Removes unfinished uploads and the blobs of files `isLive` does not vouch for, leaving anything
    /// written to within `grace`: another node's upload in flight, or bytes whose row is about to be
    /// written, look the same as a crash's leftovers until they have been quiet that long.
    func sweep(sparingWritesWithin grace: Duration, isLive: @Sendable ([FileID]) async throws -> Set<FileID>) async throws
        -> SweepReport
}

public struct SweepReport: Equatable, Sendable {
    public var temporaryFilesRemoved = 0
    public var orphanedFilesRemoved = 0
    /// Left for a later sweep because they were written to within the grace period.
    public var recentFilesSpared = 0
    public init(temporaryFilesRemoved: Int = 0, orphanedFilesRemoved: Int = 0, recentFilesSpared: Int = 0) {
        self.temporaryFilesRemoved = temporaryFilesRemoved
        self.orphanedFilesRemoved = orphanedFilesRemoved
        self.recentFilesSpared = recentFilesSpared
    }
}

public struct BlobStoreError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
