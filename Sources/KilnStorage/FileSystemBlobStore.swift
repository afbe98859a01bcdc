#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore
import NIOCore
import Synchronization

/// Blobs as files under one folder: `<root>/<2 hex>/<fileId>/<variant>`. Uploads are written to
/// `<root>/.tmp`, on the same filesystem, then fsynced and renamed into place, so a crash can leave
/// a temporary file (swept on start-up) but never a half-written blob.
public final class FileSystemBlobStore: BlobStore {
    public let root: String
    let temporaryFolder: String
    static let readChunkSize = 256 * 1024
    let openFiles: OpenBlobFiles
    /// Free bytes the disk keeps: uploads stop short of them (`checkRoom`), leaving room for work
    /// already accepted.
    public let freeSpaceFloor: Int64

    public convenience init(root: String, freeSpaceFloor: Int64 = 0) throws {
        try self.init(root: root, openFiles: OpenBlobFiles(), freeSpaceFloor: freeSpaceFloor)
    }

    init(root: String, openFiles: OpenBlobFiles, freeSpaceFloor: Int64 = 0) throws {
        self.root = root
        self.openFiles = openFiles
        self.freeSpaceFloor = freeSpaceFloor
        self.temporaryFolder = root + "/.tmp"
        try FileManager.default.createDirectory(atPath: temporaryFolder, withIntermediateDirectories: true)
    }

    func path(of key: BlobKey) -> String { folder(of: key.fileId) + "/" + key.variant }

    func folder(of fileId: FileID) -> String { root + "/" + fileId.rawValue.prefix(2) + "/" + fileId.rawValue }

    public func beginUpload(of key: BlobKey) throws -> any BlobUpload {
        let path = temporaryFolder + "/" + FileID.random().rawValue + ".part"
        return FileUpload(key: key, descriptor: try FileDescriptor(opening: path, flags: O_WRONLY | O_CREAT | O_EXCL))
    }

    /// Asks the filesystem (`statvfs`, no disk access) for the space unprivileged writers may still
    /// use; nodes sharing the folder all see the same.
    public func checkRoom(forUploading bytes: Int64) throws {
        guard freeSpaceFloor > 0 else { return }
        var info = statvfs()
        guard statvfs(temporaryFolder, &info) == 0 else { throw POSIXFailure("statvfs", path: temporaryFolder) }
        let free = Int64(info.f_bavail) * Int64(info.f_frsize)
        if free - bytes < freeSpaceFloor { throw FreeSpaceFloorReached(floor: freeSpaceFloor, free: free) }
    }

    public func commit(_ upload: any BlobUpload) async throws {
        guard let upload = upload as? FileUpload else {
            throw BlobStoreError("upload \(upload) was not begun by this store")
        }
        let destination = path(of: upload.key)
        let folder = folder(of: upload.key.fileId)
        try await offload {
            try upload.descriptor.sync()
            try Self.makeDurableFolder(folder)
            guard rename(upload.descriptor.path, destination) == 0 else {
                throw POSIXFailure("rename to \(destination)", path: upload.descriptor.path)
            }
            upload.markCommitted()
            try Self.syncFolder(folder)
        }
    }

    public func size(of key: BlobKey) async throws -> Int64? {
        let path = path(of: key)
        return try await offload {
            var info = stat()
            guard stat(path, &info) == 0 else {
                if errno == ENOENT { return nil }
                throw POSIXFailure("stat", path: path)
            }
            return Int64(info.st_size)
        }
    }

    /// A blob kept open by `openFiles` is answered at once, as a slice for a sender that can pass
    /// it from memory to a socket. Otherwise the file is opened in one trip to the I/O threads and,
    /// unless the bytes asked for are all in memory (then a slice too), the first chunk is read on
    /// that trip, so a small blob costs one trip either way; later chunks one each, as the consumer
    /// asks.
    public func read(_ key: BlobKey, range: ClosedRange<Int64>?) async throws -> BlobReadStream {
        if let open = openFiles.fresh(key) {
            let bytes = Self.bytes(of: range, size: open.size)
            return Self.stream(of: open.descriptor, bytes, slice: BlobFileSlice(descriptor: open.descriptor, range: bytes))
        }
        let path = path(of: key)
        let openFiles = openFiles
        return try await offload {
            let descriptor = try FileDescriptor(opening: path, flags: O_RDONLY)
            let size = try descriptor.size()
            let bytes = Self.bytes(of: range, size: size)
            if descriptor.isInMemory(0..<size) {
                openFiles.keep(descriptor, size: size, as: key)
            } else if !descriptor.isInMemory(bytes) {
                let first = bytes.isEmpty ? nil : try Self.chunk(of: descriptor, at: bytes.lowerBound, end: bytes.upperBound)
                return Self.stream(of: descriptor, bytes, first: first)
            }
            return Self.stream(of: descriptor, bytes, slice: BlobFileSlice(descriptor: descriptor, range: bytes))
        }
    }

    /// The part of a `size`-byte blob that `range` asks for (all of it when nil), cut at its end.
    private static func bytes(of range: ClosedRange<Int64>?, size: Int64) -> Range<Int64> {
        let start = range?.lowerBound ?? 0
        return start..<max(start, min((range?.upperBound ?? size - 1) + 1, size))
    }

    /// `bytes` of the open file chunk by chunk, starting with `first` when it was read already.
    private static func stream(
        of descriptor: FileDescriptor, _ bytes: Range<Int64>, slice: BlobFileSlice? = nil, first: ByteBuffer? = nil
    ) -> BlobReadStream {
        BlobReadStream(file: slice) {
            let state = Mutex((position: bytes.lowerBound, first: first))
            return {
                let (offset, pending) = state.withLock { state in
                    defer { state.first = nil }
                    return (state.position, state.first)
                }
                guard offset < bytes.upperBound else { return nil }
                let chunk: ByteBuffer
                if let pending {
                    chunk = pending
                } else {
                    chunk = try await offload { try Self.chunk(of: descriptor, at: offset, end: bytes.upperBound) }
                }
                state.withLock { $0.position = offset + Int64(chunk.readableBytes) }
                return chunk
            }
        }
    }

    /// Up to `readChunkSize` bytes from `offset`, not past `end`.
    private static func chunk(of descriptor: FileDescriptor, at offset: Int64, end: Int64) throws -> ByteBuffer {
        let length = Int(min(Int64(readChunkSize), end - offset))
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { bytes in
            try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<length]), at: offset)
        }
        guard got > 0 else { throw BlobStoreError("\(descriptor.path) ended at \(offset) of \(end) bytes") }
        return buffer
    }

    public func checkAnswering() async throws {
        let folder = temporaryFolder
        try await offload {
            var info = stat()
            guard stat(folder, &info) == 0 else { throw POSIXFailure("stat", path: folder) }
        }
    }

    /// The blob's own file: nothing to copy.
    public func withLocalCopy<T: Sendable>(of key: BlobKey, _ body: @Sendable (String) async throws -> T) async throws -> T {
        guard try await size(of: key) != nil else { throw BlobStoreError("no blob \(key)") }
        return try await body(path(of: key))
    }

    /// Files on disk are served by Kiln itself.
    public func directURL(for key: BlobKey, expiresAt: Date, contentType: String, contentDisposition: String) -> String? {
        nil
    }

    public func delete(_ key: BlobKey) async throws {
        let path = path(of: key)
        openFiles.drop(key)
        try await offload { try Self.removeIfPresent(path) }
    }

    public func deleteAll(of fileId: FileID) async throws {
        let folder = folder(of: fileId)
        openFiles.drop(fileId: fileId)
        try await offload { try Self.removeIfPresent(folder) }
    }

    /// Quiet means untouched by the kernel's clock, the one that wrote the modification times.
    public func sweep(sparingWritesWithin grace: Duration, isLive: @Sendable ([FileID]) async throws -> Set<FileID>)
        async throws -> SweepReport
    {
        let quietSince = Date().addingTimeInterval(-grace.seconds)
        var report = SweepReport()
        (report.temporaryFilesRemoved, report.recentFilesSpared) = try QuietFiles.remove(in: temporaryFolder, quietSince: quietSince)
        for prefix in try FileManager.default.contentsOfDirectory(atPath: root) where prefix != ".tmp" {
            let prefixFolder = root + "/" + prefix
            let names = (try? FileManager.default.contentsOfDirectory(atPath: prefixFolder)) ?? []
            let ids = names.compactMap(FileID.init(rawValue:))
            let live = try await isLive(ids)
            for name in names where !(FileID(rawValue: name).map(live.contains) ?? false) {
                let path = prefixFolder + "/" + name
                let files = try Self.countFiles(path)
                guard QuietFiles.lastWrite(under: path) < quietSince else {
                    report.recentFilesSpared += files
                    continue
                }
                report.orphanedFilesRemoved += files
                try Self.removeIfPresent(path)
            }
        }
        return report
    }

    // MARK: - Durability helpers

    static func makeDurableFolder(_ folder: String) throws {
        var info = stat()
        if stat(folder, &info) == 0 { return }
        let parent = (folder as NSString).deletingLastPathComponent
        try makeDurableFolder(parent)
        guard mkdir(folder, 0o750) == 0 || errno == EEXIST else { throw POSIXFailure("mkdir", path: folder) }
        try syncFolder(parent)
    }

    /// A rename is only durable once the folder holding the new name is synced.
    static func syncFolder(_ folder: String) throws {
        try FileDescriptor(opening: folder, flags: O_RDONLY | O_DIRECTORY).sync()
    }

    private static func removeIfPresent(_ path: String) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch CocoaError.fileNoSuchFile {
        } catch let error as NSError where error.domain == NSPOSIXErrorDomain && error.code == Int(ENOENT) {
        }
    }

    private static func countFiles(_ path: String) throws -> Int {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return 0 }
        guard isFolder.boolValue else { return 1 }
        return try FileManager.default.contentsOfDirectory(atPath: path).count
    }
}

/// An upload into the store's temporary folder; its file is removed unless committed.
final class FileUpload: BlobUpload {
    let key: BlobKey
    let descriptor: FileDescriptor
    private let state = Mutex((written: Int64(0), finished: false))

    /// `written`: bytes the file already holds (a finished resumable upload's).
    init(key: BlobKey, descriptor: FileDescriptor, written: Int64 = 0) {
        self.key = key
        self.descriptor = descriptor
        state.withLock { $0.written = written }
    }

    deinit { removeUnlessFinished() }

    var bytesWritten: Int64 { state.withLock { $0.written } }

    var localPath: String { descriptor.path }

    func write(_ buffer: ByteBuffer) async throws {
        let descriptor = descriptor
        try await offload { try buffer.withUnsafeReadableBytes { try descriptor.writeAll($0) } }
        state.withLock { $0.written += Int64(buffer.readableBytes) }
    }

    func markCommitted() { state.withLock { $0.finished = true } }

    func abort() async { removeUnlessFinished() }

    private func removeUnlessFinished() {
        let wasFinished = state.withLock { state in
            defer { state.finished = true }
            return state.finished
        }
        if !wasFinished { unlink(descriptor.path) }
    }
}
