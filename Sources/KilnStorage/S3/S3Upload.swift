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

    private struct State {
        var written: Int64 = 0
        var reserved: Int64 = 0
        var sent: Int64 = 0
        var uploadId: String?
        var parts: [(number: Int, etag: String)] = []
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
        if let pending, !(await Self.cancel(pending, of: objectKey, client: client)) {
            // The store is away: keep asking in the background, so the incomplete upload is gone
            // soon after it returns rather than at a sweep after the grace period.
            let objectKey = objectKey, client = client
            Task.detached {
                for attempt in 0..<60 {
                    try? await Task.sleep(for: .seconds(min(1 << min(attempt, 5), 15)))
                    if await Self.cancel(pending, of: objectKey, client: client) { return }
                }
            }
        }
    }

    /// Aborts a multipart upload; true once the store no longer has it. A store that does not
    /// answer within a second is asked again later, so a failed upload's answer is not held up.
    private static func cancel(_ uploadId: String, of objectKey: String, client: S3Client) async -> Bool {
        guard
            let response = try? await client.send(
                .DELETE, objectKey: objectKey, query: [("uploadId", uploadId)], idempotent: true, timeout: .seconds(1))
        else { return false }
        await response.discardBody()
        return response.status.code < 300 || response.status == .notFound
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
        let body = try await readLocal(from: offset, length: length)
        let response = try await client.send(
            .PUT, objectKey: objectKey, query: [("partNumber", String(number)), ("uploadId", uploadId)], body: body,
            idempotent: true)
        guard response.status == .ok, let etag = response.headers.first(name: "ETag") else {
            throw await S3Client.failure(response, doing: "upload part \(number) of \(objectKey)")
        }
        await response.discardBody()
        state.withLock { state in
            state.parts.append((number, etag))
            state.sent += length
        }
    }

    private func multipartUploadId() async throws -> String {
        if let existing = state.withLock({ $0.uploadId }) { return existing }
        let response = try await client.send(.POST, objectKey: objectKey, query: [("uploads", "")], idempotent: false)
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status == .ok, let uploadId = S3XML.text(of: "UploadId", in: body) else {
            throw S3Failure(status: Int(response.status.code), body: body, doing: "start a multipart upload of \(objectKey)")
        }
        state.withLock { $0.uploadId = uploadId }
        return uploadId
    }

    private func completeMultipart() async throws {
        let (uploadId, parts) = state.withLock { ($0.uploadId!, $0.parts) }
        let xml = "<CompleteMultipartUpload>"
            + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\($0.etag)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        let response = try await client.send(
            .POST, objectKey: objectKey, query: [("uploadId", uploadId)], body: ByteBuffer(string: xml), idempotent: true)
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        // A 200 can still carry an <Error> when the store failed after answering.
        let failure = S3Failure(status: Int(response.status.code), body: body, doing: "complete the upload of \(objectKey)")
        guard response.status == .ok, failure.code == nil else { throw failure }
    }

    private func readLocal(from offset: Int64, length: Int64) async throws -> ByteBuffer {
        let descriptor = descriptor
        return try await offload {
            var buffer = ByteBufferAllocator().buffer(capacity: Int(length))
            var done: Int64 = 0
            while done < length {
                let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Int(length - done)) { bytes in
                    try descriptor.read(
                        into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<Int(length - done)]), at: offset + done)
                }
                guard got > 0 else { throw BlobStoreError("\(descriptor.path) ended at \(offset + done) of \(offset + length) bytes") }
                done += Int64(got)
            }
            return buffer
        }
    }
}
