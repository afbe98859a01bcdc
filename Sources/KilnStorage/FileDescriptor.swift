#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    func sync() throws {
        guard fsync(rawValue) == 0 else { throw POSIXFailure("fsync", path: path) }
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
