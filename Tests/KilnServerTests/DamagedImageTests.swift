import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnServer

/// Damaged images are refused whole, and the refusal says nothing of other requests or the server.
struct DamagedImageTests {
    func upload(_ client: some TestClientProtocol, _ name: String, fullImage: Bool = false, headers: HTTPFields) async throws
        -> TestResponse
    {
        try await client.upload(
            .file(try ImageUploadTests.fixture(name), filename: name, fields: [("fullImage", String(fullImage))]),
            to: "/api/v4/images", headers: headers)
    }

    /// The header is intact and the scan cut: every size would have a grey or missing part.
    @Test(arguments: ["cut-scan.jpg", "cut-scan.png"], [false, true])
    func anImageCutShortIs422AndLeavesNothing(_ name: String, fullImage: Bool) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let refused = try await upload(client, name, fullImage: fullImage, headers: alice)
            #expect(refused.status == .unprocessableContent, "\(refused.json)")
            #expect(refused.json["message"]?.string == "image cannot be decoded: its data is damaged or cut short")
        }
        #expect(try await kiln.rowCount() == 0)
        #expect(kiln.storedBlobFiles == [])
    }

    /// libvips keeps one error buffer for the whole process; none of it reaches a client, so one
    /// request's warnings never turn up in another's answer, and no server path does either.
    @Test func refusalsCarryNoLibraryTextAndNoServerPaths() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            var messages: [String] = []
            for name in ["cut-scan.jpg", "truncated.jpg", "corrupt.png", "cut-scan.png"] {
                messages.append(try await upload(client, name, headers: alice).json["message"]?.string ?? "")
            }
            let video = try await client.uploadVideo("corrupt.mp4", headers: alice)
            #expect(video.status == .unprocessableContent)
            messages.append(video.json["message"]?.string ?? "")
            for message in messages {
                #expect(!message.isEmpty)
                #expect(!message.contains(kiln.dataDirectory) && !message.contains("/tmp") && !message.contains(".part"), "\(message)")
                #expect(!message.localizedCaseInsensitiveContains("vips") && !message.contains("Jpeg"), "\(message)")
            }
        }
    }
}
