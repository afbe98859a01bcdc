#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore
import NIOCore
import Synchronization

/// A resumable upload's bytes gather in a multipart upload of the file's original, recorded part by
/// part in the metadata store, so any node continues it and a crash loses none that were recorded.
extension S3BlobStore {
    public func appendResumable(for fileId: FileID, at bytes: ResumableBytes) async throws -> any ResumableAppend {
        let append = try S3ResumableAppend(fileId: fileId, store: self, at: bytes)
        try await append.loadTail()
        return append
    }

    /// Completes the multipart upload and brings the object into scratch space for the decoders.
    /// After a crash between completing and the file's row, the object is there already.
    public func finishResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws -> any BlobUpload {
        let record = try S3ResumableRecord(bytes)
        let key = BlobKey.original(fileId)
        guard record.tail == 0 else { throw BlobStoreError("resumable upload \(fileId) still has a tail of \(record.tail) bytes") }
        if let uploadId = record.uploadId {
            do {
                try await S3Multipart(objectKey: objectKey(key), client: client).complete(uploadId, parts: record.parts)
            } catch {
                guard try await size(of: key) == bytes.offset else { throw error }
            }
        } else {
            let response = try await client.send(.PUT, objectKey: objectKey(key), body: ByteBuffer(), idempotent: true)
            guard response.status == .ok else { throw await S3Client.failure(response, doing: "PUT \(objectKey(key))") }
            await response.discardBody()
        }
        try await deleteTails(of: fileId)
        return try await S3ObjectUpload.downloading(key, from: self)
    }

    public func dropResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws {
        if let uploadId = try S3ResumableRecord(bytes).uploadId {
            await S3Multipart(objectKey: objectKey(.original(fileId)), client: client).cancelEventually(uploadId)
        }
        try await deleteTails(of: fileId)
    }

    private func deleteTails(of fileId: FileID) async throws {
        let prefix = objectKey(BlobKey(fileId: fileId, variant: "x")).dropLast() + S3ResumableRecord.tailVariantPrefix
        for object in try await listObjects(prefix: String(prefix)) where blobKey(ofObject: object.key) != nil {
            try await deleteObject(object.key)
        }
    }
}

/// The object a finished resumable upload became, with a scratch copy for the decoders. Stored,
/// it stays; aborted, it goes.
final class S3ObjectUpload: BlobUpload {
    let key: BlobKey
    let bytesWritten: Int64
    let localPath: String
    let store: S3BlobStore
    private let finished = Mutex(false)

    private init(key: BlobKey, size: Int64, localPath: String, store: S3BlobStore) {
        self.key = key
        self.bytesWritten = size
        self.localPath = localPath
        self.store = store
    }

    static func downloading(_ key: BlobKey, from store: S3BlobStore) async throws -> S3ObjectUpload {
        guard let size = try await store.size(of: key) else { throw BlobStoreError("no blob \(key)") }
        try await store.scratch.reserve(size)
        let path = store.scratch.newFilePath(".source")
        do {
            let file = try FileDescriptor(opening: path, flags: O_WRONLY | O_CREAT | O_EXCL)
            for try await chunk in try await store.read(key, range: nil) {
                try await offload { try chunk.withUnsafeReadableBytes { try file.writeAll($0) } }
            }
        } catch {
            unlink(path)
            store.scratch.release(size)
            throw error
        }
        return S3ObjectUpload(key: key, size: size, localPath: path, store: store)
    }

    deinit { releaseLocal() }

    func write(_ buffer: ByteBuffer) async throws {
        throw BlobStoreError("upload \(key) is a finished object")
    }

    func markStored() {
        finished.withLock { $0 = true }
        releaseLocal()
    }

    func abort() async {
        let wasFinished = finished.withLock { finished in
            defer { finished = true }
            return finished
        }
        releaseLocal()
        if !wasFinished { try? await store.delete(key) }
    }

    private let released = Mutex(false)

    private func releaseLocal() {
        let wasReleased = released.withLock { released in
            defer { released = true }
            return released
        }
        guard !wasReleased else { return }
        unlink(localPath)
        store.scratch.release(bytesWritten)
    }
}
