#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore
import NIOCore
import Synchronization

/// What the bucket keeps of a resumable upload, recorded in the metadata store beside its offset:
/// the multipart upload of the file's original, the parts it has so far (each but the last at least
/// the 5 MiB S3 asks for), and the tail, the bytes after the last part, kept aside as an object of
/// its own (`resumable-<offset>`) until more bytes make a part of it, as tusd's s3store does.
struct S3ResumableRecord: Codable, Equatable {
    var uploadId: String?
    var parts: [S3Multipart.Part] = []
    var tail: Int64 = 0

    init() {}

    init(_ bytes: ResumableBytes) throws {
        guard let record = bytes.record else { return }
        self = try JSONDecoder().decode(Self.self, from: Data(record.utf8))
    }

    var text: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }

    /// The tail object's variant: named by where it ends, so a new tail never overwrites the one
    /// the metadata store still records.
    static func tailVariant(endingAt offset: Int64) -> String { "resumable-\(offset)" }
    static let tailVariantPrefix = "resumable-"
}

/// One request's bytes on their way to the bucket: gathered in a scratch file until they make a
/// part (8 MiB), sent, and the scratch file begun again, so a node holds one part at most however
/// long the request; what is left at the end goes up as a part of its own when it is at least
/// 5 MiB or the upload's last, else as the tail.
final class S3ResumableAppend: ResumableAppend {
    static let partSize: Int64 = 8 << 20
    static let minimumPartSize: Int64 = 5 << 20

    let fileId: FileID
    let store: S3BlobStore
    let multipart: S3Multipart
    let start: ResumableBytes
    let startRecord: S3ResumableRecord

    private struct State {
        var record: S3ResumableRecord
        var pending: FileDescriptor?
        var pendingBytes: Int64 = 0
        var reserved: Int64 = 0
        var written: Int64 = 0
    }
    private let state: Mutex<State>

    init(fileId: FileID, store: S3BlobStore, at start: ResumableBytes) throws {
        self.fileId = fileId
        self.store = store
        self.multipart = S3Multipart(objectKey: store.objectKey(.original(fileId)), client: store.client)
        self.start = start
        startRecord = try S3ResumableRecord(start)
        state = Mutex(State(record: startRecord))
    }

    deinit { state.withLock { Self.dropPending(&$0, scratch: store.scratch) } }

    /// Brings the tail back into the scratch file, ahead of the new bytes.
    func loadTail() async throws {
        guard startRecord.tail > 0 else { return }
        let tail = BlobKey(fileId: fileId, variant: S3ResumableRecord.tailVariant(endingAt: start.offset))
        for try await chunk in try await store.read(tail, range: nil) { try await append(chunk) }
        let loaded = state.withLock { $0.pendingBytes }
        guard loaded == startRecord.tail else {
            throw BlobStoreError("tail \(tail) holds \(loaded) bytes where \(startRecord.tail) were recorded")
        }
    }

    var bytesWritten: Int64 { state.withLock { $0.written } }

    func write(_ buffer: ByteBuffer) async throws {
        try await append(buffer)
        state.withLock { $0.written += Int64(buffer.readableBytes) }
        if state.withLock({ $0.pendingBytes }) >= Self.partSize { try await sendPending() }
    }

    func seal(final: Bool) async throws -> ResumableBytes {
        let (written, pendingBytes) = state.withLock { ($0.written, $0.pendingBytes) }
        if written == 0 && !final { return start }
        let offset = start.offset + written
        var tail: Int64 = 0
        if final {
            if pendingBytes > 0 { try await sendPending() }
        } else if pendingBytes >= Self.minimumPartSize {
            try await sendPending()
        } else if pendingBytes > 0 {
            let body = try await pendingBody()
            let response = try await store.client.send(
                .PUT, objectKey: store.objectKey(BlobKey(fileId: fileId, variant: S3ResumableRecord.tailVariant(endingAt: offset))),
                body: body, idempotent: true)
            guard response.status == .ok else { throw await S3Client.failure(response, doing: "keep the tail of \(fileId)") }
            await response.discardBody()
            tail = pendingBytes
        }
        let record = state.withLock { state in
            Self.dropPending(&state, scratch: store.scratch)
            state.record.tail = tail
            return state.record
        }
        return ResumableBytes(offset: offset, record: record.text)
    }

    /// The tail the append began from is in a part, or in a new tail, now.
    func settle() async {
        guard startRecord.tail > 0, bytesWritten > 0 else { return }
        try? await store.delete(BlobKey(fileId: fileId, variant: S3ResumableRecord.tailVariant(endingAt: start.offset)))
    }

    /// Parts sent already stay in the multipart upload unrecorded; the next part sent under the
    /// same number replaces them, and completing drops any that are not recorded.
    func discard() async {
        state.withLock { Self.dropPending(&$0, scratch: store.scratch) }
    }

    private func append(_ buffer: ByteBuffer) async throws {
        let count = Int64(buffer.readableBytes)
        guard store.scratch.tryReserve(count) else {
            throw StoreUnavailable("the scratch space for uploads is full (KILN_SCRATCH_BYTES); try again shortly", store: .blobStore)
        }
        let descriptor: FileDescriptor
        do {
            descriptor = try state.withLock { state in
                state.reserved += count
                if let pending = state.pending { return pending }
                let pending = try FileDescriptor(opening: store.scratch.newFilePath(".part"), flags: O_RDWR | O_CREAT | O_EXCL)
                state.pending = pending
                return pending
            }
        }
        try await offload { try buffer.withUnsafeReadableBytes { try descriptor.writeAll($0) } }
        state.withLock { $0.pendingBytes += count }
    }

    private func pendingBody() async throws -> ByteBuffer {
        let (descriptor, length) = state.withLock { ($0.pending, $0.pendingBytes) }
        guard let descriptor else { return ByteBuffer() }
        return try await offload { try descriptor.bytes(at: 0, length: length) }
    }

    private func sendPending() async throws {
        let uploadId: String
        if let existing = state.withLock({ $0.record.uploadId }) {
            uploadId = existing
        } else {
            uploadId = try await multipart.start()
            state.withLock { $0.record.uploadId = uploadId }
        }
        let number = state.withLock { $0.record.parts.count + 1 }
        let part = try await multipart.send(part: number, of: uploadId, try await pendingBody())
        state.withLock { state in
            state.record.parts.append(part)
            Self.dropPending(&state, scratch: store.scratch)
        }
    }

    private static func dropPending(_ state: inout State, scratch: ScratchSpace) {
        if let pending = state.pending { unlink(pending.path) }
        state.pending = nil
        state.pendingBytes = 0
        scratch.release(state.reserved)
        state.reserved = 0
    }
}
