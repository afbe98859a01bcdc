import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import Testing

@testable import KilnDomain
@testable import KilnServer

struct TranscodeOperationsTests {
    @Test func aDamagedVideoFailsWithItsReasonAndARetryFailsTheSameWay() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let response = try await client.uploadVideo("damaged.mp4", headers: alice)
            #expect(response.status == .ok)
            let id = try #require(response.json[0]?["fileId"]?.string)
            // Not one frame decodes, so there is no poster to show.
            #expect(response.json[0]?["attributes"]?["metadata"]?["thumbnailUrl"] == nil)

            let failed = try await client.waitUntilFinished(id, headers: alice)
            #expect(failed["status"]?.string == "transcodeFailed")
            let reason = try #require(failed["attributes"]?["metadata"]?["failureReason"]?.string)
            #expect(reason.contains("no frame of 60 packets could be decoded"), "\(reason)")
            // A decode error is the file's fault: it failed on the first attempt, without retries.
            let job = try #require(try await kiln.database().transcodeJob(of: FileID(rawValue: id)!))
            #expect(job.attempts == 1)

            let forbidden = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/transcode", method: .post, headers: alice, body: nil)
            #expect(forbidden.status == .forbidden)

            let listed = try await client.executeRequest(
                uri: "/api/v3/files?status=transcodeFailed&type=video", method: .get, headers: admin, body: nil)
            #expect(listed.json["data"]?["files"]?[0]?["fileId"]?.string == id)

            let retry = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/transcode", method: .post, headers: admin, body: ByteBuffer(string: #"{"force":false}"#))
            #expect(retry.status == .accepted)
            #expect(retry.json["data"]?["status"]?.string == "transcoding")
            let again = try await client.waitUntilFinished(id, headers: alice)
            #expect(again["status"]?.string == "transcodeFailed")
            #expect(again["attributes"]?["metadata"]?["failureReason"]?.string == reason)
        }
        #expect(!kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp") })
    }

    @Test func retriesAreRefusedWhereTheyMakeNoSense() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let video = try #require(try await client.uploadVideo("no-audio.mp4", headers: admin).json[0]?["fileId"]?.string)
            let text = try #require(
                try await client.upload(.file(Samples.text, filename: "a.txt"), headers: admin).json[0]?["fileId"]?.string)
            func transcode(_ id: String, _ body: String? = nil) async throws -> TestResponse {
                try await client.executeRequest(
                    uri: "/api/v3/files/\(id)/transcode", method: .post, headers: admin, body: body.map { ByteBuffer(string: $0) })
            }
            // Waiting for a worker (none runs here): already queued.
            #expect(try await transcode(video).status == .conflict)
            #expect(try await transcode(video, #"{"force":true}"#).status == .accepted)
            #expect(try await transcode(text).status == .conflict)
            #expect(try await transcode(video, #"{"force":"yes"}"#).status == .badRequest)
            #expect(try await transcode(FileID.random().rawValue).status == .notFound)
        }
    }

    @Test func operatorsPageThroughFilesWithACursor() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            var uploaded: [String] = []
            kiln.clock.freeze()
            for _ in 0..<5 {
                kiln.clock.advance(by: .seconds(1))
                uploaded.append(try #require(try await client.upload(.file(Samples.text), headers: alice).json[0]?["fileId"]?.string))
            }
            _ = try await client.uploadVideo("no-audio.mp4", headers: alice)
            var seen: [String] = []
            var after: String?
            repeat {
                let query = "type=file&limit=2" + (after.map { "&after=\($0)" } ?? "")
                let page = try await client.executeRequest(uri: "/api/v3/files?\(query)", method: .get, headers: admin, body: nil)
                #expect(page.status == .ok)
                let files = page.json["data"]?["files"]
                if case .array(let items) = files { seen += items.compactMap { $0["fileId"]?.string } }
                after = page.json["data"]?["paging"]?["next"]?.string
            } while after != nil
            #expect(seen == uploaded.reversed())
            let unknown = try await client.executeRequest(
                uri: "/api/v3/files?after=\(FileID.random())", method: .get, headers: admin, body: nil)
            #expect(unknown.status == .badRequest)

            let user = try await client.executeRequest(uri: "/api/v3/files", method: .get, headers: alice, body: nil)
            #expect(user.status == .forbidden)
            let bad = try await client.executeRequest(uri: "/api/v3/files?status=done", method: .get, headers: admin, body: nil)
            #expect(bad.status == .badRequest)
            let uploadedVideos = try await client.executeRequest(
                uri: "/api/v3/files?status=uploaded&type=video", method: .get, headers: admin, body: nil)
            if case .array(let items) = uploadedVideos.json["data"]?["files"] { #expect(items.count == 1) } else {
                Issue.record("no files array: \(uploadedVideos.json)")
            }
        }
    }

    /// A process with no workers (an upload-only node) keeps serving: its transcoding service waits
    /// for shutdown instead of returning, which would end the whole service group.
    @Test func aServerWithoutWorkersKeepsServingAndLeavesJobsQueued() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { client in
            let id = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            try await Task.sleep(for: .milliseconds(500))
            let object = try await client.fileObject(id, headers: alice)
            #expect(object["status"]?.string == "uploaded")
        }
    }
}
