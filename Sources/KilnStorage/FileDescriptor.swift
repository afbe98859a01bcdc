#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// An error from a POSIX call, carrying the system's message.
public struct POSIXFailure: Error, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let code: Int32

    public init(_ operation: String, path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}

/// An open file descriptor, closed when the last reference goes.
final class FileDescriptor: Sendable {
    let rawValue: Int32
    let path: String

    init(opening path: String, flags: Int32, mode: mode_t = 0o640) throws {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw POSIXFailure("open", path: path) }
        self.rawValue = fd
        self.path = path
    }

    deinit { close(rawValue) }

    func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(rawValue, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure("write", path: path)
            }
            offset += written
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws -> Int {
        var total = 0
        while total < buffer.count {
            let got = pread(rawValue, buffer.baseAddress! + total, buffer.count - total, off_t(offset) + off_t(total))
            if got < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure("read", path: path)
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// Exactly `length` bytes from `offset`, in one buffer; the file ending sooner is an error.
    func bytes(at offset: Int64, length: Int64) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: Int(length))
        var done: Int64 = 0
        while done < length {
            let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Int(length - done)) { bytes in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[..<Int(length - done)]), at: offset + done)
            }
            guard got > 0 else { throw BlobStoreError("\(path) ended at \(offset + done) of \(offset + length) bytes") }
            done += Int64(got)
        }
        return buffer
    }

    func sync() throws {
        guard fsync(rawValue) == 0 else { throw POSIXFailure("fsync", path: path) }
    }

    /// Whether every page of `bytes` is in the page cache, so reading them cannot wait for a disk.
    /// False when that cannot be told.
    func isInMemory(_ bytes: Range<Int64>) -> Bool {
        guard !bytes.isEmpty else { return true }
        let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let start = bytes.lowerBound / pageSize * pageSize
        let length = Int(bytes.upperBound - start)
        guard let mapping = mmap(nil, length, PROT_READ, MAP_SHARED, rawValue, off_t(start)), mapping != MAP_FAILED
        else { return false }
        defer { munmap(mapping, length) }
        let pages = (length + Int(pageSize) - 1) / Int(pageSize)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: pages) { residency in
            guard mincore(mapping, length, residency.baseAddress!) == 0 else { return false }
            return residency.allSatisfy { $0 & 1 == 1 }
        }
    }

    func size() throws -> Int64 {
        var info = stat()
        guard fstat(rawValue, &info) == 0 else { throw POSIXFailure("stat", path: path) }
        return Int64(info.st_size)
    }
}

/// Blocking file work runs on NIO's thread pool, never on Swift's cooperative threads.
func offload<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
