import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnDecoding
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A decoder that crashes, spins, eats memory, hangs or lies costs its own upload or job, on a live node,
/// while other uploads and downloads go on. The faults are asked of the sandboxed child by a marker
/// in the input (`DecoderFault`), which only a node started with test faults on looks for.
struct DecodingSandboxTests {
    /// Small limits, so a spinning or hanging child ends in seconds: a probe or poster of these
    /// small files takes a twentieth of its CPU second.
    static func faultyKiln(mediaWorkers: Int = 8, queue: Int = 16, inspectionCPUSeconds: UInt64 = 1) throws -> TestKiln {
        var kiln = try TestKiln()
        kiln.configuration.sandbox.acceptsTestFaults = true
        kiln.configuration.sandbox.memoryBytes = 1 << 30
        kiln.configuration.sandbox.inspectionCPUSeconds = inspectionCPUSeconds
        kiln.configuration.sandbox.transcodeCPUPerSourceSecond = 5
        kiln.configuration.mediaWork = MediaWorkSettings(workers: mediaWorkers, queueLimit: queue)
        return kiln
    }

    /// `no-audio.mp4` with a `free` box after its `ftyp` that carries the fault's marker: still a
    /// video every demuxer reads.
    static func video(asking fault: String) throws -> [UInt8] {
        let video = try VideoFixtures.bytes("no-audio.mp4")
        let ftypSize = Int(video[0]) << 24 | Int(video[1]) << 16 | Int(video[2]) << 8 | Int(video[3])
        let payload = Array("kiln-fault:\(fault)".utf8)
        let size = UInt32(8 + payload.count)
        let box = withUnsafeBytes(of: size.bigEndian, Array.init) + Array("free".utf8) + payload
        return Array(video[..<ftypSize]) + box + Array(video[ftypSize...])
    }

    @Test func aCrashingSpinningAllocatingHangingOrLyingDecoderCostsOnlyItsUpload() async throws {
        let kiln = try Self.faultyKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let photo = try TestKiln.fixture("images/photo.png")
        let document = Array((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await kiln.run(.ahc()) { client in
            let stored = try #require(
                try await client.upload(.file(document, filename: "notes.bin"), headers: alice).json[0]?["fileId"]?.string)

            enum Outcome: Sendable {
                case fault(String, TestResponse)
                case other(String, TestResponse, expected: [UInt8]?)
            }
            let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for fault in ["crash", "spin", "allocate", "hang", "lie"] {
                    group.addTask {
                        let bytes = try Self.video(asking: fault)
                        return .fault(
                            fault, try await client.upload(.file(bytes, filename: "\(fault).mp4"), to: "/api/v4/videos", headers: alice))
                    }
                }
                // Eight others at the same time: two of each kind of upload, two downloads.
                for round in 0..<2 {
                    group.addTask {
                        .other("video \(round)", try await client.uploadVideo("no-audio.mp4", headers: alice), expected: nil)
                    }
                    group.addTask {
                        let form = MultipartForm.file(photo, filename: "photo.png")
                        return .other("image \(round)", try await client.upload(form, to: "/api/v4/images", headers: alice), expected: nil)
                    }
                    group.addTask {
                        let form = MultipartForm.file(document, filename: "notes-\(round).bin")
                        return .other("file \(round)", try await client.upload(form, headers: alice), expected: nil)
                    }
                    group.addTask {
                        let download = try await client.executeRequest(
                            uri: "/api/v3/files/\(stored)/download", method: .get, headers: alice, body: nil)
                        return .other("download \(round)", download, expected: document)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }

            var others = 0
            for outcome in outcomes {
                switch outcome {
                case .fault(let fault, let response):
                    #expect(response.status == .unprocessableContent, "\(fault): \(response.json)")
                    let message = response.json["message"]?.string ?? ""
                    let expected = ["crash", "lie"].contains(fault) ? "the decoder crashed" : "the decoder went past its limits"
                    #expect(message.contains(expected), "\(fault): \(message)")
                    #expect(!message.contains(kiln.dataDirectory), "\(message)")
                case .other(let name, let response, let expected):
                    others += 1
                    #expect(response.status == .ok, "\(name): \(response.status) \(response.json)")
                    if let expected { #expect(response.bytes == expected, "\(name)") }
                }
            }
            #expect(others == 8)
            // The node is still up and decoding.
            let after = try await client.uploadVideo("no-audio.mp4", headers: alice)
            #expect(after.status == .ok)
            let id = try #require(after.json[0]?["fileId"]?.string)
            #expect(try await client.waitUntilFinished(id, headers: alice)["status"]?.string == "transcoded")
        }
        // The refused uploads left nothing: 1 stored file, 6 uploads, 1 after.
        #expect(try await kiln.rowCount() == 8)
        #expect(kiln.storedBlobFiles.allSatisfy { !$0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
    }

    @Test(arguments: [("crash@ladder", "decoder-crashed"), ("spin@ladder", "resource-limit")])
    func aTranscodeWhoseDecoderDiesIsRetriedOnceThenFails(_ fault: String, _ failureClass: String) async throws {
        let kiln = try Self.faultyKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let id = try await kiln.run { client in
            let upload = try await client.upload(
                .file(try Self.video(asking: fault), filename: "clip.mp4"), to: "/api/v4/videos", headers: alice)
            #expect(upload.status == .ok, "\(upload.json)")
            let id = try #require(upload.json[0]?["fileId"]?.string)
            let failed = try await client.waitUntilFinished(id, headers: alice)
            #expect(failed["status"]?.string == "transcodeFailed")
            let reason = failed["attributes"]?["metadata"]?["failureReason"]?.string ?? ""
            #expect(reason.contains("(\(failureClass))"), "\(failed)")
            return id
        }
        let job = try #require(try await kiln.database().transcodeJob(of: FileID(rawValue: id)!))
        #expect(job.state == .failed && job.attempts == 2, "\(job)")
        #expect(kiln.storedBlobFiles.allSatisfy { !$0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
    }

    @Test func aNodeWhoseSandboxProgramIsMissingRefusesToStartAndSaysWhatToDo() async throws {
        var kiln = try TestKiln()
        defer { kiln.removeData() }
        kiln.configuration.sandbox.executable = kiln.dataDirectory + "/no-such-kiln-sandbox"
        let broken = kiln
        await #expect {
            try await broken.run { _ in }
        } throws: { error in
            "\(error)".contains("no-such-kiln-sandbox is missing") && "\(error)".contains("KILN_SANDBOX=off")
        }
        kiln.configuration.sandbox.isEnabled = false
        let unconfined = kiln
        let alice = try await unconfined.authorization()
        try await unconfined.run { client in
            let answer = try await client.uploadVideo("no-audio.mp4", headers: alice)
            #expect(answer.status == .ok)
        }
    }

    @Test func videoUploadsPastTheMediaQueueAre503WithRetryAfterAndLeaveNothing() async throws {
        // The hanging probe holds the worker for its whole wall clock (15 s × 4): long past what a
        // loaded machine takes to send the next upload, which at 1 s × 4 it once outlasted.
        let kiln = try Self.faultyKiln(mediaWorkers: 1, queue: 0, inspectionCPUSeconds: 15)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let log = RequestLogTests.CapturedLines()
        try await kiln.run(.ahc(), logger: RequestLogTests.jsonLogger(into: log)) { client in
            // A hanging probe holds the only media worker until its wall clock runs out: it has it
            // once its child says it is confined, the first child this node starts.
            async let hanging = client.upload(
                .file(try Self.video(asking: "hang@probe"), filename: "hang.mp4"), to: "/api/v4/videos", headers: alice)
            let confined = await eventually({ log.objects.contains { ($0["message"] as? String)?.hasPrefix("decoding sandbox") == true } }) { $0 }
            #expect(confined)
            let busy = try await client.uploadVideo("no-audio.mp4", headers: alice)
            #expect(busy.status == .serviceUnavailable, "\(busy.json)")
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.json["code"]?.number == 503)
            let hung = try await hanging
            #expect(hung.status == .unprocessableContent, "\(hung.json)")
            // The worker is free again.
            let after = try await client.uploadVideo("no-audio.mp4", headers: alice)
            #expect(after.status == .ok, "\(after.json)")
        }
        #expect(try await kiln.rowCount() == 1)
        #expect(kiln.storedBlobFiles.allSatisfy { !$0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
    }
}
