#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import Synchronization

/// One object on its way to the bucket. Bytes land in a scratch file (decoders read it by path;
/// encoders may write it by path) and go up as an S3 multipart upload, a part each time a part's
/// worth has arrived, so memory holds one part at most. Committing sends the rest and completes
/// the upload; anything else aborts it, so no incomplete upload is left behind.
final class S3Upload: BlobUpload {
    let key: BlobKey
    let objectKey: String
    let client: S3Client
    let scratch: ScratchSpace
    let descriptor: FileDescriptor
    static let partSize: Int64 = 8 * 1024 * 1024
    var multipart: S3Multipart { S3Multipart(objectKey: objectKey, client: client) }

    private struct State {
        var written: Int64 = 0
        var reserved: Int64 = 0
        var sent: Int64 = 0
        var uploadId: String?
        var parts: [S3Multipart.Part] = []
        var finished = false
    }
    private let state = Mutex(State())

    init(key: BlobKey, objectKey: String, client: S3Client, scratch: ScratchSpace) throws {
        self.key = key
        self.objectKey = objectKey
        self.client = client
        self.scratch = scratch
        descriptor = try FileDescriptor(opening: scratch.newFilePath(".part"), flags: O_RDWR | O_CREAT | O_EXCL)
    }

    deinit {
        // Only when abandoned without an abort: the local bytes go; an incomplete upload in the
        // bucket is the sweep's.
        let leftover = state.withLock { $0.finished ? nil : $0.reserved }
        if let leftover {
            unlink(descriptor.path)
            scratch.release(leftover)
        }
    }

    var bytesWritten: Int64 { state.withLock { $0.written } }
    var localPath: String { descriptor.path }

    func write(_ buffer: ByteBuffer) async throws {
        let count = Int64(buffer.readableBytes)
        guard scratch.tryReserve(count) else {
            throw StoreUnavailable("the scratch space for uploads is full (KILN_SCRATCH_BYTES); try again shortly", store: .blobStore)
        }
        state.withLock { $0.reserved += count }
        let descriptor = descriptor
        try await offload { try buffer.withUnsafeReadableBytes { try descriptor.writeAll($0) } }
        let unsent = state.withLock { state in
            state.written += count
            return state.written - state.sent
        }
        if unsent >= Self.partSize { try await sendPart(length: Self.partSize) }
    }

    /// Sends what has not gone up yet and makes the object visible, all or nothing.
    func complete() async throws {
        do {
            let size = try descriptor.size()
            let (uploadId, sent) = state.withLock { ($0.uploadId, $0.sent) }
            if uploadId == nil, size <= Self.partSize {
                let body = try await readLocal(from: 0, length: size)
                let response = try await client.send(.PUT, objectKey: objectKey, body: body, idempotent: true)
                guard response.status == .ok else { throw await S3Client.failure(response, doing: "PUT \(objectKey)") }
                await response.discardBody()
            } else {
                var offset = sent
                while offset < size {
                    let length = min(Self.partSize, size - offset)
                    try await sendPart(length: length)
                    offset += length
                }
                try await completeMultipart()
            }
            finish()
        } catch {
            await abort()
            throw error
        }
    }

    func abort() async {
        let uploadId: String?? = state.withLock { state in
            if state.finished { return .none }
            state.finished = true
            return .some(state.uploadId)
        }
        guard case .some(let pending) = uploadId else { return }
        releaseLocal()
        if let pending { await multipart.cancelEventually(pending) }
    }

    private func finish() {
        state.withLock { $0.finished = true }
        releaseLocal()
    }

    private func releaseLocal() {
        unlink(descriptor.path)
        scratch.release(state.withLock { state in
            defer { state.reserved = 0 }
            return state.reserved
        })
    }

    private func sendPart(length: Int64) async throws {
        let uploadId = try await multipartUploadId()
        let (offset, number) = state.withLock { ($0.sent, $0.parts.count + 1) }
        let part = try await multipart.send(part: number, of: uploadId, try await readLocal(from: offset, length: length))
        state.withLock { state in
            state.parts.append(part)
            state.sent += length
        }
    }

    private func multipartUploadId() async throws -> String {
        if let existing = state.withLock({ $0.uploadId }) { return existing }
        let uploadId = try await multipart.start()
        state.withLock { $0.uploadId = uploadId }
        return uploadId
    }

    private func completeMultipart() async throws {
        let (uploadId, parts) = state.withLock { ($0.uploadId!, $0.parts) }
        try await multipart.complete(uploadId, parts: parts)
    }

    private func readLocal(from offset: Int64, length: Int64) async throws -> ByteBuffer {
        let descriptor = descriptor
        return try await offload { try descriptor.bytes(at: offset, length: length) }
    }
}
