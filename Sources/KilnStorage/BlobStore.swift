import Foundation
import KilnCore
import NIOCore

/// Names one stored byte stream: a file's original upload or one of its derived forms.
public struct BlobKey: Hashable, Sendable, CustomStringConvertible {
    public let fileId: FileID
    public let variant: String

    public init(fileId: FileID, variant: String) {
        precondition(Self.isVariantName(variant), "blob variant names are lowercase ASCII words")
        self.fileId = fileId
        self.variant = variant
    }

    /// The key a store's name `<fileId>/<variant>` stands for; nil for any other name, which is
    /// then not Kiln's (a bucket may be shared with other applications).
    public init?(storedName name: Substring) {
        let pieces = name.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let fileId = FileID(rawValue: String(pieces[0])), Self.isVariantName(pieces[1]) else {
            return nil
        }
        self.fileId = fileId
        self.variant = String(pieces[1])
    }

    /// Lowercase ASCII letters, digits, `-` and `_`; never empty.
    static func isVariantName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte)
        }
    }

    public static func original(_ fileId: FileID) -> BlobKey { BlobKey(fileId: fileId, variant: "original") }

    public var description: String { "\(fileId)/\(variant)" }
}

/// Bytes being received for one key; nothing is visible under it until the store commits them.
public protocol BlobUpload: AnyObject, Sendable {
    var key: BlobKey { get }
    var bytesWritten: Int64 { get }
    /// A local file holding the bytes so far, for decoders that read from a path and encoders that
    /// write to one.
    var localPath: String { get }
    func write(_ buffer: ByteBuffer) async throws
    /// Drops the partial bytes, here and in the store. Safe to call more than once and after a commit.
    func abort() async
}

extension BlobUpload {
    /// Runs `body`, then aborts the upload whatever happened, which leaves a committed one alone.
    public func abortingAfterwards<T, Failure: Error>(_ body: () async throws(Failure) -> T) async throws(Failure) -> T {
        let result: Result<T, Failure>
        do throws(Failure) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await abort()
        return try result.get()
    }
}

/// Where file bytes live: the data folder by default, or an S3-compatible object store that
/// several machines share.
public protocol BlobStore: ResumableBlobStore {
    /// Begins receiving the bytes of `key`.
    func beginUpload(of key: BlobKey) throws -> any BlobUpload
    /// Makes the upload's bytes durable and visible under its key, all or nothing.
    func commit(_ upload: any BlobUpload) async throws
    func size(of key: BlobKey) async throws -> Int64?
    /// The bytes of `range` (whole blob when nil), read as the consumer asks for them.
    func read(_ key: BlobKey, range: ClosedRange<Int64>?) async throws -> BlobReadStream
    /// Runs `body` with a local file holding the blob, for decoders that read from a path: the blob
    /// itself on disk, or a copy in bounded scratch space that is removed afterwards.
    func withLocalCopy<T: Sendable>(of key: BlobKey, _ body: @Sendable (String) async throws -> T) async throws -> T
    /// A URL that fetches the blob, ranges included, straight from the store until `expiresAt`,
    /// answered with the given type and disposition, so the bytes need not pass through Kiln; nil
    /// when the store has no such URLs.
    func directURL(for key: BlobKey, expiresAt: Date, contentType: String, contentDisposition: String) -> String?
    /// Throws unless the store can be used: its folder is there, or its bucket answers.
    func checkAnswering() async throws
    /// Throws `FreeSpaceFloorReached` when receiving `bytes` more of an upload would leave the node's
    /// local disk with less free space than it keeps for work already accepted (the data folder's
    /// `KILN_DATA_FREE_BYTES`); an object store's scratch space has its own bound.
    func checkRoom(forUploading bytes: Int64) throws
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

extension BlobStore {
    public func checkRoom(forUploading bytes: Int64) throws {}
}

/// An upload refused because the data folder's disk is down to the free space it keeps
/// (`KILN_DATA_FREE_BYTES`) for transcodes, derived forms and the database: a 507 before the disk
/// is full.
public struct FreeSpaceFloorReached: Error, CustomStringConvertible {
    public let floor: Int64
    public let free: Int64
    public var description: String {
        "\(free) bytes free on the data folder's disk, which keeps \(floor) free (KILN_DATA_FREE_BYTES)"
    }
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
