import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
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

/// More images at once than the pool and its queue hold: the rest are told to come back, and
/// nothing of theirs is kept.
struct BusyImageWorkerTests {
    @Test func uploadsPastTheQueueAre503WithRetryAfterAndLeaveNothing() async throws {
        var kiln = try TestKiln()
        kiln.configuration.imageWork = ImageWorkSettings(workers: 1, queueLimit: 0)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let photo = try ImageUploadTests.fixture("large.jpg")
        try await kiln.run { [kiln] client in
            let responses = try await withThrowingTaskGroup(of: TestResponse.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await client.upload(
                            .file(photo, filename: "large.jpg", fields: [("fullImage", "true")]), to: "/api/v4/images",
                            headers: alice)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let stored = responses.filter { $0.status == .ok }
            for busy in responses where busy.status != .ok {
                #expect(busy.status == .serviceUnavailable)
                #expect(busy.headers[.retryAfter] == "1")
                #expect(busy.json["code"]?.number == 503)
            }
            #expect(!stored.isEmpty)
            #expect(try await kiln.rowCount() == stored.count)
            #expect(kiln.storedBlobFiles.filter { $0.hasSuffix("/original") }.count == stored.count)
            #expect(kiln.storedBlobFiles.allSatisfy { !$0.hasPrefix(".tmp") })
        }
    }
}
