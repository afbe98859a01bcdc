import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import NIOCore
import Testing

@testable import KilnServer

/// Everything in an upload's form but the file itself is bounded: the number of parts, and the bytes
/// of everything else (preamble, delimiters, part headers, fields, parts Kiln does not read,
/// epilogue). Past either the upload is refused with 413 and leaves nothing behind.
struct FormLimitTests {
    static let boundary = "kiln-form-limit"

    static func part(_ name: String, _ value: String) -> [UInt8] {
        Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    static let filePart = Array(
        "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n".utf8)
        + Samples.text + Array("\r\n".utf8)
    static let close = Array("--\(boundary)--\r\n".utf8)
    static let overCap = Int(MultipartUploadReader.maxFormOverheadBytes) + 1024

    static let refusedForms: [(String, [UInt8])] = [
        ("too many parts", (0..<MultipartUploadReader.maxParts).flatMap { part("extra\($0)", "1") } + filePart + close),
        ("too many empty parts", filePart + Array(repeating: Array("--\(boundary)\r\n\r\n\r\n".utf8), count: 5000).flatMap { $0 } + close),
        ("a long preamble", [UInt8](repeating: UInt8(ascii: "p"), count: overCap) + Array("\r\n".utf8) + filePart + close),
        ("a long epilogue", filePart + close + [UInt8](repeating: UInt8(ascii: "e"), count: overCap)),
        ("long part headers", Array("--\(boundary)\r\n".utf8)
            + Array(repeating: Array("X-Pad: \(String(repeating: "h", count: 8000))\r\n".utf8), count: 140).flatMap { $0 }
            + Array("Content-Disposition: form-data; name=\"unread\"\r\n\r\nx\r\n".utf8) + filePart + close),
    ]

    @Test(arguments: refusedForms.indices)
    func aFormPastItsLimitsIs413AndLeavesNothing(_ index: Int) async throws {
        let (what, body) = Self.refusedForms[index]
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        var headers = try await kiln.authorization()
        headers[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
        try await kiln.run { [headers] client in
            let response = try await client.executeRequest(uri: "/api/v4/files", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == .contentTooLarge, "\(what): \(response.status) \(response.json)")
            #expect(response.json["status"]?.string == "error" && response.json["code"]?.number == 413, "\(what)")
            #expect(response.json["message"]?.string?.isEmpty == false, "\(what)")
        }
        #expect(try await kiln.rowCount() == 0, "\(what)")
        #expect(kiln.storedBlobFiles.isEmpty, "\(what): \(kiln.storedBlobFiles)")
    }

    /// Every field of the reference API, and a few the client adds, are well within the limits.
    @Test func anOrdinaryFormIsTaken() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        var headers = try await kiln.authorization()
        headers[.contentType] = "multipart/form-data; boundary=\(Self.boundary)"
        let fields = [("accessType", "public"), ("altText", "a"), ("preferredFilename", "b.txt"), ("feedType", "post"),
            ("fullImage", "false"), ("client", "sdk"), ("upload_sizes", "{}")]
        let body = Array("preamble\r\n".utf8) + fields.flatMap { Self.part($0.0, $0.1) } + Self.filePart + Self.close + Array("epilogue".utf8)
        try await kiln.run { [headers] client in
            let response = try await client.executeRequest(uri: "/api/v4/files", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == .ok, "\(response.json)")
            #expect(response.json[0]?["attributes"]?["name"]?.string == "b.txt")
        }
    }
}
