import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnServer

/// Downloads over a real connection, where a data-folder blob in memory goes from the page cache to
/// the socket below Hummingbird's body writer: the bytes, the ranges, the order of answers on one
/// connection and the file's descriptor must all come out as if the body had been copied through.
struct ZeroCopyDownloadTests {
    static func bytes(_ count: Int, seed: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 131) ^ ($0 >> 9) &+ seed) }
    }

    @Test func everySizeAndRangeArrivesExactlyOnOneConnection() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let sizes = [1, 8 * 1024, 100 * 1024, 3 * 1024 * 1024 + 17]
        try await kiln.run(.live) { client in
            for (seed, size) in sizes.enumerated() {
                let bytes = Self.bytes(size, seed: seed)
                let id = try await DownloadTests().upload(client, bytes, headers: alice)
                let path = "/api/v3/files/\(id)/download"
                let whole = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
                #expect(whole.status == .ok)
                #expect(whole.bytes == bytes, "\(size) bytes")
                let ranges: [(String, ClosedRange<Int>)] = [
                    ("bytes=0-0", 0...0), ("bytes=\(size / 3)-\(size / 2)", (size / 3)...(size / 2)),
                    ("bytes=-\(min(size, 1000))", (size - min(size, 1000))...(size - 1)),
                    ("bytes=\(size - 1)-", (size - 1)...(size - 1)),
                ]
                for (header, expected) in ranges {
                    let part = try await client.executeRequest(uri: path, method: .get, headers: [.range: header], body: nil)
                    #expect(part.status == .partialContent)
                    #expect(part.bytes == Array(bytes[expected]), "\(header) of \(size) bytes")
                }
                let head = try await client.executeRequest(uri: path, method: .head, headers: [:], body: nil)
                #expect(head.headers[.contentLength] == String(size))
                #expect(head.bytes.isEmpty)
            }
        }
    }

    /// Pipelined requests: each body must be on the wire before the next answer's head.
    @Test func pipelinedDownloadsAnswerInOrder() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { client in
            let first = Self.bytes(300 * 1024, seed: 1)
            let second = Self.bytes(5000, seed: 2)
            let firstId = try await DownloadTests().upload(client, first, headers: alice)
            let secondId = try await DownloadTests().upload(client, second, headers: alice)
            let port = try #require(client.port)
            let answer = try await RawHTTPConnection.blocking { () -> [UInt8] in
                let connection = try RawHTTPConnection(port: port)
                connection.send(Array("""
                    GET /api/v3/files/\(firstId)/download HTTP/1.1\r
                    Host: localhost\r
                    \r
                    GET /api/v3/files/\(secondId)/download HTTP/1.1\r
                    Host: localhost\r
                    \r
                    GET /api/v3/files/\(firstId)/download HTTP/1.1\r
                    Host: localhost\r
                    Range: bytes=10-19\r
                    Connection: close\r
                    \r

                    """.utf8))
                var received: [UInt8] = []
                while let more = connection.receiveAvailable() { received += more }
                return received
            }
            let bodies = try Self.bodies(of: answer)
            #expect(bodies.count == 3)
            #expect(bodies.first == first)
            #expect(bodies.dropFirst().first == second)
            #expect(bodies.last == Array(first[10...19]))
        }
    }

    /// A client that hangs up half-way through a large download leaves no file open in the server
    /// once the open-file cache has let the blob go (a second), and the next client is served.
    @Test func aClientThatHangsUpLeavesNoFileOpen() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { client in
            let bytes = Self.bytes(16 * 1024 * 1024, seed: 3)
            let id = try await DownloadTests().upload(client, bytes, headers: alice)
            let blob = try #require(kiln.storedBlobFiles.first).split(separator: "/").last.map(String.init)
            let port = try #require(client.port)
            try await RawHTTPConnection.blocking {
                for _ in 0..<5 {
                    let connection = try RawHTTPConnection(port: port)
                    connection.send(Array("GET /api/v3/files/\(id)/download HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
                    var received = 0
                    while received < 256 * 1024, let more = connection.receiveAvailable() { received += more.count }
                }
            }
            let holdsTheBlob = { (open: [String]) in open.contains { $0.hasSuffix("/" + (blob ?? "?")) } }
            #expect(!holdsTheBlob(await eventually(Self.openFiles) { !holdsTheBlob($0) }))
            let after = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            #expect(after.bytes == bytes)
        }
    }

    /// The bodies of consecutive HTTP/1.1 answers with Content-Length.
    static func bodies(of stream: [UInt8]) throws -> [[UInt8]] {
        var bodies: [[UInt8]] = []
        var rest = stream[...]
        let separator = Array("\r\n\r\n".utf8)
        while !rest.isEmpty {
            guard let end = rest.firstRange(of: separator) else { throw POSIXError(.EBADMSG) }
            let head = String(decoding: rest[..<end.lowerBound], as: UTF8.self).lowercased()
            guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            else { throw POSIXError(.EBADMSG) }
            let body = rest[end.upperBound...].prefix(length)
            guard body.count == length else { throw POSIXError(.EBADMSG) }
            bodies.append(Array(body))
            rest = rest[(end.upperBound + length)...]
        }
        return bodies
    }

    /// What this process's descriptors point at.
    static func openFiles() -> [String] {
        let folder = "/proc/self/fd"
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0)
        }
    }
}
