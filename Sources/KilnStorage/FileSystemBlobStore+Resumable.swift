#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KilnCore
import NIOCore
import Synchronization

/// A resumable upload's bytes are one file, `resumable`, in its file's own folder: appended to,
/// fsynced before the offset is recorded, and renamed to `original` when the upload is stored.
extension FileSystemBlobStore {
    func resumablePath(of fileId: FileID) -> String { folder(of: fileId) + "/resumable" }

    public func appendResumable(for fileId: FileID, at bytes: ResumableBytes) async throws -> any ResumableAppend {
        let path = resumablePath(of: fileId)
        let folder = folder(of: fileId)
        let descriptor = try await offload {
            try Self.makeDurableFolder(folder)
            let descriptor = try FileDescriptor(opening: path, flags: O_WRONLY | O_CREAT)
            // Bytes past the recorded offset are a crash's or a refused chunk's: never counted, so dropped.
            guard ftruncate(descriptor.rawValue, off_t(bytes.offset)) == 0 else { throw POSIXFailure("ftruncate", path: path) }
            guard lseek(descriptor.rawValue, off_t(bytes.offset), SEEK_SET) >= 0 else { throw POSIXFailure("lseek", path: path) }
            return descriptor
        }
        return FileAppend(descriptor: descriptor, start: bytes.offset, folder: folder)
    }

    /// After a crash between the rename and the file's row, the bytes are already the original.
    public func finishResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws -> any BlobUpload {
        let key = BlobKey.original(fileId)
        let candidates = [resumablePath(of: fileId), path(of: key)]
        return try await offload {
            for path in candidates {
                guard let descriptor = try? FileDescriptor(opening: path, flags: O_RDONLY) else { continue }
                let size = try descriptor.size()
                guard size == bytes.offset else {
                    throw BlobStoreError("\(path) holds \(size) bytes where \(bytes.offset) were recorded")
                }
                return FileUpload(key: key, descriptor: descriptor, written: size)
            }
            throw BlobStoreError("the bytes of resumable upload \(fileId) are gone")
        }
    }

    public func dropResumable(for fileId: FileID, _ bytes: ResumableBytes) async throws {
        let path = resumablePath(of: fileId)
        let folder = folder(of: fileId)
        try await offload {
            guard unlink(path) == 0 || errno == ENOENT else { throw POSIXFailure("unlink", path: path) }
            // The folder held only the upload unless its file was stored.
            _ = rmdir(folder)
        }
    }
}

final class FileAppend: ResumableAppend {
    let descriptor: FileDescriptor
    let start: Int64
    let folder: String
    private let written = Mutex(Int64(0))

    init(descriptor: FileDescriptor, start: Int64, folder: String) {
        self.descriptor = descriptor
        self.start = start
        self.folder = folder
    }

    var bytesWritten: Int64 { written.withLock { $0 } }

    func write(_ buffer: ByteBuffer) async throws {
        let descriptor = descriptor
        try await offload { try buffer.withUnsafeReadableBytes { try descriptor.writeAll($0) } }
        written.withLock { $0 += Int64(buffer.readableBytes) }
    }

    func seal(final: Bool) async throws -> ResumableBytes {
        let descriptor = descriptor, folder = folder
        try await offload {
            try descriptor.sync()
            // The first append made the file; its name is durable once the folder is.
            try FileSystemBlobStore.syncFolder(folder)
        }
        return ResumableBytes(offset: start + bytesWritten, record: nil)
    }

    func settle() async {}

    func discard() async {
        let descriptor = descriptor, start = start
        _ = try? await offload { ftruncate(descriptor.rawValue, off_t(start)) }
    }
}
