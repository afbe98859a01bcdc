import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct LiveUploadTests {
    static let limit: Int64 = 256 * 1024

    /// Streams a chunked upload with no end and records when the server answers.
    static func streamUntilAnswered(
        port: Int, token: String, to path: String = "/api/v4/files", declaredLength: Int64? = nil, piece: [UInt8] = [UInt8](repeating: 0x5A, count: 16 * 1024)
    ) throws -> (answer: String, bytesSent: Int, closed: Bool) {
        let connection = try RawHTTPConnection(port: port)
        let boundary = "raw-boundary"
        let framing = declaredLength.map { "Content-Length: \($0)" } ?? "Transfer-Encoding: chunked"
        connection.send(Array("""
            POST \(path) HTTP/1.1\r
            Host: localhost\r
            Authorization: Bearer \(token)\r
            Content-Type: multipart/form-data; boundary=\(boundary)\r
            \(framing)\r
            \r\n
            """.utf8))
        func chunk(_ bytes: [UInt8]) -> Bool {
            declaredLength != nil ? connection.send(bytes)
                : connection.send(Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10])
        }
        _ = chunk(Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n".utf8))
        var answer: [UInt8] = []
        var sent = 0
        // Bounded: far more than the limit, far less than a real upload.
        while sent < 64 << 20 {
            guard chunk(piece) else { break }
            sent += piece.count
            guard let received = connection.receiveAvailable() else { break }
            answer += received
            if !answer.isEmpty { break }
        }
        let rest = connection.readUntilClosed()
        return (String(decoding: answer, as: UTF8.self) + rest.answer, sent, rest.closed)
    }

    @Test func aStreamedUploadOverTheLimitIsRefusedWhileItIsStillArriving() async throws {
        let kiln = try TestKiln(limits: UploadLimits(maxFileBytes: Self.limit, maxVideoBytes: Self.limit, maxImageBytes: Self.limit))
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let result = try await RawHTTPConnection.blocking { try Self.streamUntilAnswered(port: port, token: token) }
            #expect(result.answer.hasPrefix("HTTP/1.1 413"))
            #expect(result.answer.contains("\"code\":413"))
            #expect(result.closed, "the server closes instead of reading the rest")
            // The answer comes within a few socket buffers of the limit, not at the end of the body.
            #expect(result.bytesSent < 16 << 20)
            #expect(kiln.storedBlobFiles == [])
        }
        #expect(try await kiln.rowCount() == 0)
    }

    @Test func aDeclaredLengthOverTheLimitIsRefusedBeforeReading() async throws {
        let kiln = try TestKiln(limits: UploadLimits(maxFileBytes: Self.limit, maxVideoBytes: Self.limit, maxImageBytes: Self.limit))
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let result = try await RawHTTPConnection.blocking {
                try Self.streamUntilAnswered(port: port, token: token, declaredLength: 1 << 40)
            }
            #expect(result.answer.hasPrefix("HTTP/1.1 413"))
            #expect(result.closed)
            #expect(kiln.storedBlobFiles == [])
        }
    }

    @Test func aMultiMegabyteUploadRoundTripsOverTheWire() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bytes = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 9)) }
        try await kiln.run(.live) { client in
            let uploaded = try await client.upload(.file(bytes, filename: "big.bin"), headers: alice)
            #expect(uploaded.status == .ok)
            let id = try #require(uploaded.json[0]?["fileId"]?.string)
            let download = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            #expect(download.status == .ok)
            #expect(download.bytes == bytes)
            let tail = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download", method: .get, headers: [.range: "bytes=-100000"], body: nil)
            #expect(tail.bytes == Array(bytes.suffix(100_000)))
        }
    }
}

struct ExpectContinueTests {
    @Test func anUploadThatAsksIsToldToContinueBeforeItSendsItsBody() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let form = MultipartForm.file(Samples.text)
            let (interim, final) = try await RawHTTPConnection.blocking {
                let connection = try RawHTTPConnection(port: port)
                connection.send(form.rawHead(token: token, extraHeaders: ["Expect: 100-continue"]))
                let interim = connection.readAnswer { !$0.isEmpty }
                connection.send(form.bytes)
                return (interim, connection.readAnswer { $0.contains("fileId") })
            }
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue"))
            #expect((interim + final).contains("HTTP/1.1 200 OK"))
        }
    }
}
