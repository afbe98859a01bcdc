#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A bare TCP client, for requests the test client cannot make: bodies that never finish, and reads
/// that must see the server answer while the upload is still going.
final class RawHTTPConnection: @unchecked Sendable {
    private let socketDescriptor: Int32

    /// `receiveBuffer` shrinks the socket's receive buffer (before connecting, so the window is
    /// small from the start): a client that stops reading then holds up the server within kilobytes.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 0, tv_usec: 20_000)
        setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socketDescriptor) }

    /// False once the peer has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = Glibc.send(socketDescriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    /// What has arrived so far, waiting at most one receive timeout; nil once the peer has closed.
    func receiveAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let got = recv(socketDescriptor, &buffer, buffer.count, 0)
        if got > 0 { return Array(buffer[..<got]) }
        if got == 0 { return nil }
        return errno == EAGAIN || errno == EWOULDBLOCK ? [] : nil
    }

    /// Waits at most `seconds` for the peer to close; false when it is still open then.
    func waitUntilClosed(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var descriptor = pollfd(fd: socketDescriptor, events: Int16(POLLIN), revents: 0)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            let waitMilliseconds = Int32(max(1, min(250, deadline.timeIntervalSinceNow * 1000)))
            guard poll(&descriptor, 1, waitMilliseconds) > 0 else { continue }
            let got = recv(socketDescriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
        }
        return false
    }

    /// What arrives until the peer closes, `done` says the answer is complete, or `seconds` pass. The
    /// limit is for a server that never answers, so it is generous: a loaded machine answers late.
    func readAnswer(within seconds: Double = Patience.seconds, until done: (String) -> Bool = { _ in false }) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var answer: [UInt8] = []
        while Date() < deadline, !done(String(decoding: answer, as: UTF8.self)) {
            guard let received = receiveAvailable() else { break }
            answer += received
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// Reads until the peer closes, for at most `seconds`; whether it closed, and what came first.
    func readUntilClosed(within seconds: Double = Patience.seconds) -> (answer: String, closed: Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        var answer: [UInt8] = []
        while Date() < deadline {
            guard let received = receiveAvailable() else { return (String(decoding: answer, as: UTF8.self), true) }
            answer += received
        }
        return (String(decoding: answer, as: UTF8.self), false)
    }

    /// Sends `request` as it is on a connection of its own and returns the whole answer.
    static func exchange(_ request: String, port: Int) throws -> String {
        let connection = try RawHTTPConnection(port: port)
        connection.send(Array(request.utf8))
        return connection.readAnswer()
    }

    /// The start of an upload that promises 100,000 bytes and sends only `beginning` of its file.
    static func unfinishedUpload(token: String, beginning: String) -> [UInt8] {
        Array("""
            POST /api/v4/files HTTP/1.1\r
            Host: localhost\r
            Authorization: Bearer \(token)\r
            Content-Type: multipart/form-data; boundary=b\r
            Content-Length: 100000\r
            \r
            --b\r
            Content-Disposition: form-data; name="file"; filename="a.bin"\r
            \r
            \(beginning)
            """.utf8)
    }

    static func get(_ path: String, port: Int) throws -> String {
        try exchange("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", port: port)
    }

    /// Runs blocking socket work on its own thread, off Swift's cooperative pool that the server needs.
    static func blocking<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
