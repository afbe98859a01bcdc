import KilnCore
import NIOCore

/// Where a resumable upload's bytes are kept between its requests: how many are durably there, and
/// the store's own record of them (an object store's multipart upload, its parts and its tail),
/// which the metadata store keeps beside the offset. The record in the metadata store is the truth:
/// bytes a crash wrote past it are dropped, never counted.
public struct ResumableBytes: Sendable, Equatable {
    public var offset: Int64
    public var record: String?

    public init(offset: Int64, record: String?) {
        self.offset = offset
        self.record = record
    }
}

/// One request's bytes being added to a resumable upload.
public protocol ResumableAppend: AnyObject, Sendable {
    /// Bytes written since the append began.
    var bytesWritten: Int64 { get }
    func write(_ buffer: ByteBuffer) async throws
    /// Makes everything written durable and says what is kept now; `final` when the upload has
    /// reached its length. Nothing is visible as a file until `finishResumable`.
    func seal(final: Bool) async throws -> ResumableBytes
    /// Once the sealed state is recorded: drops what it replaced (an earlier tail).
    func settle() async
    /// Drops what was written since the append began (a chunk whose checksum failed).
    func discard() async
}

/// What a blob store does for resumable uploads, whose bytes gather under their file's id.
public protocol ResumableBlobStore: Sendable {
    /// Begins adding bytes to the upload for `fileId` that `bytes` describes.
    func appendResumable(for fileId: FileID, at bytes: ResumableBytes) async throws -> any ResumableAppend
    /// Turns the finished bytes into an upload of the file's original, to be stored as any upload is.
    func finishResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws -> any BlobUpload
    /// Removes everything kept for the upload; nothing happens for what is not there.
    func dropResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws
}
