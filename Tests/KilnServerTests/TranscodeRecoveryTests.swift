import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnTestTools
import KilnStorage
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A worker that dies mid-job, and a server that shuts down mid-job: the job ends transcoded after a
/// restart, and no temporary file outlives either.
struct TranscodeRecoveryTests {
    /// Uploads `fixture` with no worker running; returns its id.
    static func uploadWithoutWorkers(_ kiln: TestKiln, _ fixture: String) async throws -> String {
        var idle = kiln
        idle.configuration.transcoding.workers = 0
        let alice = try await kiln.authorization()
        return try await idle.run { client in
            try #require(try await client.uploadVideo(fixture, headers: alice).json[0]?["fileId"]?.string)
        }
    }

    /// What a worker killed mid-transcode leaves: a running job with its lease, and half a rendition.
    static func leaveHalfDoneJob(_ kiln: TestKiln, _ id: String, owner: String, lease: Duration) async throws {
        let database = try kiln.database()
        let leased = try await database.leaseNextJob(owner: owner, lease: lease)
        #expect(leased?.file.id.rawValue == id)
        try Data(repeating: 7, count: 4096).write(
            to: URL(fileURLWithPath: kiln.configuration.blobFolder + "/.tmp/\(FileID.random()).part"))
    }

    @Test func aJobWhoseWorkerDiedIsTakenAgainWhenItsLeaseExpires() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let id = try await Self.uploadWithoutWorkers(kiln, "landscape-h264-aac.mp4")
        try await Self.leaveHalfDoneJob(kiln, id, owner: "another-host:4242:0:abcdef", lease: .zero)
        #expect(kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp/") })

        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
            #expect(Set(finished["videoUrl"]?.objectValue?.keys ?? [:].keys) == ["360p", "original"])
        }
        let job = try #require(try await kiln.database().transcodeJob(of: FileID(rawValue: id)!))
        #expect(job.state == .done && job.attempts == 2)
        #expect(!kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
    }

    @Test func aJobOfAProcessThatNoLongerRunsIsTakenBackAtStartUp() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let id = try await Self.uploadWithoutWorkers(kiln, "no-audio.mp4")
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let owner = "\(ProcessInfo.processInfo.hostName):\(try #require(WorkerName.processSpace)):\(exited.processIdentifier):0:abcdef"
        // A lease far in the future: only knowing its process is gone lets the job run now.
        try await Self.leaveHalfDoneJob(kiln, id, owner: owner, lease: .seconds(3600))

        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let finished = try await client.waitForStatus(id, in: ["transcoded", "transcodeFailed"], headers: alice)
            #expect(finished["status"]?.string == "transcoded")
        }
        #expect(!kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp") })
    }

    /// A 1080p source full of noise, made with ffmpeg: its four rungs take many seconds even on a quiet
    /// machine, so a shutdown always finds the job running (a small test card was done before a
    /// loaded machine's shutdown reached it).
    static func noisy1080p(seconds: Int, in folder: String) throws -> [UInt8] {
        let path = folder + "/noisy-source.mp4"
        try ExternalTool.ffmpeg.run([
            "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i",
            "sine=frequency=440:sample_rate=48000", "-vf", "noise=alls=12:allf=t", "-t", String(seconds), "-c:v", "libx264",
            "-preset", "ultrafast", "-crf", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", path,
        ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func aGracefulShutdownHandsTheJobBackAndARestartFinishesIt() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let source = try Self.noisy1080p(seconds: 6, in: kiln.dataDirectory)
        let id = try await kiln.run { client in
            let id = try #require(
                try await client.upload(.file(source, filename: "noisy.mp4"), to: "/api/v4/videos", headers: alice)
                    .json[0]?["fileId"]?.string)
            let running = try await client.waitForStatus(id, in: ["transcoding", "transcoded"], headers: alice)
            #expect(running["status"]?.string == "transcoding")
            return id
            // Leaving the closure shuts the application down gracefully, mid-transcode.
        }
        let database = try kiln.database()
        let released = try #require(try await database.transcodeJob(of: FileID(rawValue: id)!))
        #expect(released.state == .queued && released.attempts == 0 && released.leaseOwner == nil, "\(released)")
        #expect(!kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
        #expect(try await database.file(id: FileID(rawValue: id)!)?.variants.keys.sorted() == ["poster"])

        try await kiln.run { client in
            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
            let rendition = try await client.get(try #require(finished["videoUrl"]?["360p"]?.string))
            #expect(abs((try DownloadedMedia(rendition.bytes).info.duration ?? 0) - 6) < 0.1)
        }
    }
}
