import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// What a hostile or broken client can do to a connection, and what it cannot.
struct ConnectionTests {
    static let idleCount = 800
    static func kiln(idleTimeout: Duration) throws -> TestKiln {
        var kiln = try TestKiln()
        kiln.configuration.connections.idleTimeout = idleTimeout
        return kiln
    }

    @Test func idleConnectionsAreClosedAndDoNotStopOthersBeingServed() async throws {
        let kiln = try Self.kiln(idleTimeout: .seconds(1))
        defer { kiln.removeData() }
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let (idle, health) = try await RawHTTPConnection.blocking {
                let idle = try (0..<Self.idleCount).map { _ in try RawHTTPConnection(port: port) }
                return (idle, try RawHTTPConnection.get("/healthz", port: port))
            }
            #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
            let stillOpen = try await RawHTTPConnection.blocking { idle.filter { !$0.waitUntilClosed(within: Patience.seconds) }.count }
            #expect(stillOpen == 0)
        }
    }

    @Test func aConnectionThatSentHalfARequestIsClosed() async throws {
        let kiln = try Self.kiln(idleTimeout: .seconds(1))
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let closed = try await RawHTTPConnection.blocking {
                let headers = try RawHTTPConnection(port: port)
                headers.send(Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".utf8))
                let body = try RawHTTPConnection(port: port)
                body.send(RawHTTPConnection.unfinishedUpload(token: token, beginning: "stalled"))
                return (headers.waitUntilClosed(within: Patience.seconds), body.waitUntilClosed(within: Patience.seconds))
            }
            #expect(closed == (true, true))
        }
        // The stalled upload's temporary file went with it.
        #expect(kiln.storedBlobFiles == [])
    }

    /// The idle timeout is about silence, not length: an upload that drips for longer than the timeout,
    /// with every gap far shorter than it, is served. The gaps leave the timeout 7.5 s of margin, so a
    /// loaded machine that sleeps late or reads late does not turn a gap into silence.
    @Test func aSlowButSteadyUploadIsNeverCut() async throws {
        let kiln = try Self.kiln(idleTimeout: .seconds(8))
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let piece = [UInt8](repeating: 0x41, count: 8 * 1024)
            let form = MultipartForm.file(Array(repeating: piece, count: 20).flatMap { $0 })
            let (answer, dripped) = try await RawHTTPConnection.blocking {
                let connection = try RawHTTPConnection(port: port)
                let started = Date()
                connection.send(form.rawHead(token: token))
                // 16 KiB a second for over 10 s, longer than the idle timeout.
                for start in stride(from: 0, to: form.bytes.count, by: piece.count) {
                    guard connection.send(Array(form.bytes[start..<min(start + piece.count, form.bytes.count)])) else { break }
                    Thread.sleep(forTimeInterval: 0.5)
                }
                return (connection.readAnswer { $0.contains("fileId") }, Date().timeIntervalSince(started))
            }
            #expect(dripped > 8, "the upload lasted \(dripped) s, no longer than the idle timeout")
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        }
    }

    @Test func headersOverTheLimitAre431AndTheServerLivesOn() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let filler = String(repeating: "x", count: 1000)
            let headers = (0..<70).map { "X-Filler-\($0): \(filler)\r\n" }.joined()
            let answer = try await RawHTTPConnection.blocking {
                try RawHTTPConnection.exchange("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\(headers)\r\n", port: port)
            }
            #expect(answer.hasPrefix("HTTP/1.1 431"), "\(answer)")
            #expect(answer.contains(#""code":431"#))
            #expect(try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)
        }
    }

    @Test func aRequestThatIsNotHTTPIs400() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let answer = try await RawHTTPConnection.blocking {
                try RawHTTPConnection.exchange("GET / HTTP/1.1\r\nHost: localhost\r\nBroken header line\r\n\r\n", port: port)
            }
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer)")
            #expect(answer.contains(#""status":"error""#))
        }
    }

    /// The kind is judged from the first bytes: a document sent as an image is refused while it is
    /// still arriving, not once it is all on disk.
    @Test(arguments: ["/api/v4/images", "/api/v4/videos", "/api/v4/clips"])
    func theWrongKindOfFileIsRefusedFromItsFirstBytes(_ path: String) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let token = try await kiln.token()
        try await kiln.run(.live) { client in
            let port = try #require(client.port)
            let result = try await RawHTTPConnection.blocking {
                try LiveUploadTests.streamUntilAnswered(port: port, token: token, to: path, piece: Array(repeating: Samples.text, count: 400).flatMap { $0 })
            }
            #expect(result.answer.hasPrefix("HTTP/1.1 415"), "\(result.answer)")
            #expect(result.closed)
            #expect(result.bytesSent < 16 << 20)
            #expect(kiln.storedBlobFiles == [])
        }
        #expect(try await kiln.rowCount() == 0)
    }
}
