import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct MultipartStreamParserTests {
    enum Event: Equatable {
        case header(String, String)
        case body([UInt8])
        case end
    }

    /// Events of one parse, consecutive body slices joined (their cut points depend on the chunks).
    static func events(_ input: [UInt8], boundary: String = "b", chunkSize: Int) throws -> (events: [Event], finished: Bool) {
        let parser = MultipartStreamParser(boundary: boundary)
        var events: [Event] = []
        parser.onHeader = { events.append(.header($0, $1)) }
        parser.onBody = { buffer in
            if case .body(let earlier) = events.last {
                events[events.count - 1] = .body(earlier + Array(buffer.readableBytesView))
            } else {
                events.append(.body(Array(buffer.readableBytesView)))
            }
        }
        parser.onPartComplete = { events.append(.end) }
        for start in stride(from: 0, to: input.count, by: chunkSize) {
            try parser.execute(ByteBuffer(bytes: input[start..<min(start + chunkSize, input.count)]))
        }
        return (events, parser.isFinished)
    }

    static let form = Array(
        "preamble to ignore\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"é.bin\"\r\nContent-Type:  application/octet-stream \r\n\r\n"
            .utf8) + [13, 10, 45, 45, 97, 13, 13, 10, 45, 45, 0, 255, 13]
        + Array("\r\n--b  \r\nContent-Disposition: form-data; name=\"altText\"\r\n\r\nhello\r\n--b--\r\nepilogue\r\n--b\r\n".utf8)

    static let expected: [Event] = [
        .header("Content-Disposition", "form-data; name=\"file\"; filename=\"é.bin\""),
        .header("Content-Type", "application/octet-stream"),
        // The file's data holds delimiter look-alikes: CR LF - - a CR, and CR LF - - then other bytes.
        .body([13, 10, 45, 45, 97, 13, 13, 10, 45, 45, 0, 255, 13]), .end,
        .header("Content-Disposition", "form-data; name=\"altText\""), .body(Array("hello".utf8)), .end,
    ]

    @Test(arguments: [1, 2, 3, 5, 7, 13, 64, 4096])
    func everyChunkingGivesTheSameParts(_ chunkSize: Int) throws {
        let (events, finished) = try Self.events(Self.form, chunkSize: chunkSize)
        #expect(events == Self.expected)
        #expect(finished)
    }

    @Test func aBodyThatStartsWithTheDelimiterNeedsNoPreamble() throws {
        let input = Array("--b\r\nX-A: 1\r\n\r\n\r\n--b--".utf8)
        #expect(try Self.events(input, chunkSize: 3).events == [.header("X-A", "1"), .end])
    }

    /// multipart-kit 4.7.1 trapped on a header name byte over 0x7F (an index past its table); here
    /// every malformed head is a syntax error.
    @Test(arguments: [
        "--b\r\nConte\u{EE}t-Disposition: form-data\r\n\r\nx\r\n--b--",
        "--b\r\n: no name\r\n\r\nx\r\n--b--",
        "--b\r\nNo-Colon\r\n\r\nx\r\n--b--",
        "--b\r\nBare: LF\n\r\n\r\nx\r\n--b--",
        "--b\r\n folded: header\r\n\r\nx\r\n--b--",
        "--bx\r\n\r\n",
    ])
    func malformedPartHeadsAreSyntaxErrors(_ input: String) {
        #expect(throws: MultipartStreamParser.Failure.self) { try Self.events(Array(input.utf8), chunkSize: 4) }
    }

    /// Shapes a hostile client can send, each costing work in proportion to its length whatever the
    /// chunking: the bytes the parser looks at and the slices it hands on are counted, never timed.
    static let longestBoundary = String(repeating: "k", count: 70)
    static let hostileInputs: [(String, [UInt8])] = {
        let nearDelimiter = Array("\r\n--\(longestBoundary.dropLast())".utf8)
        let head = Array("--\(longestBoundary)\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n".utf8)
        let close = Array("\r\n--\(longestBoundary)--\r\n".utf8)
        // Transport padding after a delimiter may run to 255 bytes; a part may have no headers at all.
        let paddedEmptyPart = Array("\r\n--\(longestBoundary)".utf8) + [UInt8](repeating: 32, count: 250) + Array("\r\n\r\n".utf8)
        return [
            ("a preamble of near-delimiters", Array(repeating: nearDelimiter, count: 3000).flatMap { $0 } + head + Array("v".utf8) + close),
            ("a part of near-delimiters", head + Array(repeating: nearDelimiter, count: 3000).flatMap { $0 } + close),
            ("a part of carriage returns", head + [UInt8](repeating: 13, count: 200_000) + close),
            ("padded empty parts", head + Array(repeating: paddedEmptyPart, count: 800).flatMap { $0 } + close),
        ]
    }()

    @Test(arguments: [1, 7, 4096])
    func hostileInputsCostWorkInProportionToTheirLength(chunkSize: Int) throws {
        for (what, input) in Self.hostileInputs {
            let parser = MultipartStreamParser(boundary: Self.longestBoundary)
            var slices = 0, parts = 0, chunks = 0
            parser.onBody = { _ in slices += 1 }
            parser.onPartComplete = { parts += 1 }
            for start in stride(from: 0, to: input.count, by: chunkSize) {
                try parser.execute(ByteBuffer(bytes: input[start..<min(start + chunkSize, input.count)]))
                chunks += 1
            }
            #expect(parser.isFinished, "\(what)")
            #expect(parser.bytesExamined <= 2 * input.count, "\(what): \(parser.bytesExamined) for \(input.count) bytes")
            // A part's data comes in one slice a chunk (two where held-back bytes turn out to be data).
            #expect(slices <= 2 * chunks + parts, "\(what): \(slices) slices for \(chunks) chunks")
        }
    }

    @Test func aHeaderLineOverTheLimitIsASyntaxError() {
        let input = Array("--b\r\nX-Long: \(String(repeating: "a", count: MultipartStreamParser.maxHeaderLineBytes))\r\n\r\n".utf8)
        #expect(throws: MultipartStreamParser.Failure.self) { try Self.events(input, chunkSize: 1000) }
    }
}

/// The fuzzer's multipart finding, sent as a real upload: multipart-kit trapped on it, taking the
/// whole server down; now it is a 400 and the server serves on.
struct MultipartCrashRegressionTests {
    @Test func aPartHeaderNameWithANonASCIIByteIs400() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // The fuzz input's first byte chose its chunk size; the rest is the body.
        let body = Array(try Data(contentsOf: root.appendingPathComponent("Fuzz/regressions/multipart-non-ascii-header-name")).dropFirst())
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        var headers = try await kiln.authorization()
        headers[.contentType] = "multipart/form-data; boundary=b"
        try await kiln.run { [headers] client in
            let refused = try await client.executeRequest(uri: "/api/v4/files", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(refused.status == .badRequest)
            #expect(refused.json["message"]?.string == "multipart body is malformed")
            #expect(try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)
        }
        #expect(kiln.storedBlobFiles == [])
    }
}
