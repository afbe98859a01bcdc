#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A real full disk: the data folder lives on a 48 MiB tmpfs that a ballast file fills. Mounting
/// needs root, which the test suite has in CI.
@Suite(.serialized, .enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
struct DiskFullTests {
    /// A tmpfs mounted for one test, unmounted after it.
    final class SmallDisk: Sendable {
        let mountPoint: String

        init(at path: String? = nil) throws {
            mountPoint = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("kiln-tmpfs-\(FileID.random())").path
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", mountPoint])
        }

        deinit {
            try? Self.run("/bin/umount", [mountPoint])
            try? FileManager.default.removeItem(atPath: mountPoint)
        }

        var freeBytes: Int64 {
            var info = statvfs()
            statvfs(mountPoint, &info)
            return Int64(info.f_bavail) * Int64(info.f_frsize)
        }

        /// Fills the disk until `left` bytes are free.
        func fill(leaving left: Int64) throws {
            let path = mountPoint + "/ballast"
            let current = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
            let target = current + freeBytes - left
            let descriptor = open(path, O_WRONLY | O_CREAT, 0o600)
            defer { close(descriptor) }
            guard descriptor >= 0, ftruncate(descriptor, off_t(max(0, target))) == 0,
                posix_fallocate(descriptor, 0, off_t(max(1, target))) == 0
            else { throw POSIXError(.ENOSPC) }
        }

        func empty() { try? FileManager.default.removeItem(atPath: mountPoint + "/ballast") }

        private static func run(_ tool: String, _ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw POSIXError(.EPERM) }
        }
    }

    func expectInsufficientStorage(_ response: TestResponse) {
        #expect(response.status.code == 507, "\(response.status) \(response.json)")
        #expect(response.json["status"]?.string == "error" && response.json["code"]?.number == 507)
        #expect(response.json["message"]?.string == "the server is out of storage space; try again later")
    }

    @Test func anUploadThatFillsTheDiskIs507AndLeavesNothing() async throws {
        let disk = try SmallDisk()
        var kiln = try TestKiln(under: disk.mountPoint)
        // The real full disk, under the free space a node keeps by default (FairUseTests test that).
        kiln.configuration.dataFreeBytes = 0
        let alice = try await kiln.authorization()
        let big = [UInt8](repeating: 0x42, count: 6 << 20)
        try await kiln.run { [kiln] client in
            try disk.fill(leaving: 2 << 20)
            expectInsufficientStorage(try await client.upload(.file(big, filename: "big.bin"), headers: alice))
            #expect(kiln.storedBlobFiles == [])
            #expect(try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)

            disk.empty()
            let stored = try await client.upload(.file(big, filename: "big.bin"), headers: alice)
            #expect(stored.status == .ok)
        }
        #expect(try await kiln.rowCount() == 1)
        withExtendedLifetime(disk) {}
    }

    @Test func derivedFormsThatDoNotFitAre507AndLeaveNothing() async throws {
        let disk = try SmallDisk()
        var kiln = try TestKiln(under: disk.mountPoint)
        // The real full disk, under the free space a node keeps by default (FairUseTests test that).
        kiln.configuration.dataFreeBytes = 0
        let alice = try await kiln.authorization()
        let photo = try ImageUploadTests.fixture("large.jpg")
        try await kiln.run { [kiln] client in
            // Room for the upload itself, not for its four sizes.
            try disk.fill(leaving: Int64(photo.count) + 8192)
            let refused = try await client.upload(.file(photo, filename: "large.jpg"), to: "/api/v4/images", headers: alice)
            expectInsufficientStorage(refused)
            #expect(kiln.storedBlobFiles == [])

            disk.empty()
            #expect(try await client.upload(.file(photo, filename: "large.jpg"), to: "/api/v4/images", headers: alice).status == .ok)
        }
        #expect(try await kiln.rowCount() == 1)
        withExtendedLifetime(disk) {}
    }

    @Test func aTranscodeThatFillsTheDiskIsRetriedOnceThereIsRoom() async throws {
        // Only the blobs are on the small disk, so the database can still record what happened.
        var kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        kiln.configuration.dataFreeBytes = 0
        defer { kiln.removeData() }
        let disk = try SmallDisk(at: kiln.configuration.blobFolder)
        let alice = try await kiln.authorization()
        let id = try await kiln.run { client in
            try #require(try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice).json[0]?["fileId"]?.string)
        }
        // The renditions cannot be written: the attempt fails as the machine's failure, to be retried.
        try disk.fill(leaving: 64 * 1024)
        kiln.configuration.transcoding = TranscodeSettings(
            workers: 1, lease: .seconds(30), heartbeat: .milliseconds(200), pollInterval: .milliseconds(50),
            retryBackoff: .seconds(3600))
        let database = try DatabaseQueue(path: kiln.configuration.databasePath)
        try await kiln.run { client in
            let deadline = ContinuousClock.now + .seconds(180)
            var job: Row?
            while ContinuousClock.now < deadline {
                job = try database.read { db in
                    try Row.fetchOne(db, sql: "SELECT state, attempts, failureReason FROM transcodeJob WHERE fileId = ?", arguments: [id])
                }
                if let job, job["failureReason"] as String? != nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(job?["state"] as String? == "queued", "\(String(describing: job))")
            #expect((job?["failureReason"] as String?)?.contains("No space left on device") == true, "\(String(describing: job))")
            #expect(try await client.fileObject(id, headers: alice)["status"]?.string != "transcodeFailed")
        }
        // Space is back and the backoff over: the next attempt finishes.
        disk.empty()
        try await database.write { db in try db.execute(sql: "UPDATE transcodeJob SET availableAt = 0") }
        kiln.configuration.transcoding = TestKiln.quickTranscoding
        try await kiln.run { client in
            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
        }
        withExtendedLifetime(disk) {}
    }
}
