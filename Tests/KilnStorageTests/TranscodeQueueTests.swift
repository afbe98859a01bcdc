import Foundation
import KilnCore
import KilnStorage
import Testing

struct TranscodeQueueTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func video() -> StoredFile {
        StoredFile(
            id: .random(), uploaderId: "alice", type: .video, accessType: .public, altText: nil, feedType: .post,
            status: .uploaded, name: "clip.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1000,
            createdAt: start, updatedAt: start)
    }

    func queued(_ count: Int = 1) async throws -> (AppDatabase, [StoredFile]) {
        let database = try AppDatabase.inMemory()
        var files: [StoredFile] = []
        for _ in 0..<count {
            let file = video()
            try await database.insertQueued(file)
            files.append(file)
        }
        return (database, files)
    }

    @Test func aJobRunsToTranscodedWithProgressOnTheFile() async throws {
        let (database, files) = try await queued()
        let id = files[0].id
        #expect(try await database.transcodeJob(of: id)?.state == .queued)

        let leased = try #require(try await database.leaseNextJob(owner: "w1", lease: .seconds(30), now: start))
        #expect(leased.file.id == id)
        #expect(leased.job.attempts == 1)
        #expect(try await database.file(id: id)?.status == .transcoding)
        #expect(try await database.leaseNextJob(owner: "w2", lease: .seconds(30), now: start) == nil)

        #expect(try await database.renewLease(of: id, owner: "w1", progress: 40, lease: .seconds(30), now: start + 10))
        #expect(try await database.file(id: id)?.metadata["progress"] == 40)
        #expect(try await !database.renewLease(of: id, owner: "w2", progress: 50, lease: .seconds(30), now: start + 10))

        let rendition = StoredVariant(blob: "720p", mimeType: "video/mp4", width: 1280, height: 720, size: 500)
        #expect(try await database.completeJob(of: id, owner: "w1", variants: ["720p": rendition], metadata: ["duration": 2], now: start + 20))
        let file = try #require(try await database.file(id: id))
        #expect(file.status == .transcoded)
        #expect(file.variants["720p"] == rendition)
        #expect(file.metadata["progress"] == nil)
        #expect(try await database.transcodeJob(of: id)?.state == .done)
    }

    @Test func anExpiredLeaseIsTakenAgain() async throws {
        let (database, files) = try await queued()
        _ = try await database.leaseNextJob(owner: "crashed", lease: .seconds(30), now: start)
        #expect(try await database.leaseNextJob(owner: "w2", lease: .seconds(30), now: start + 29) == nil)
        let retaken = try #require(try await database.leaseNextJob(owner: "w2", lease: .seconds(30), now: start + 31))
        #expect(retaken.file.id == files[0].id)
        #expect(retaken.job.attempts == 2)
        // The crashed worker's late answer is refused.
        #expect(try await !database.completeJob(of: files[0].id, owner: "crashed", variants: [:], metadata: [:], now: start + 32))
    }

    @Test func aWorkerThatDiesEveryTimeFailsTheJob() async throws {
        let (database, files) = try await queued()
        var now = start
        for _ in 0..<TranscodeJob.maxAttempts {
            #expect(try await database.leaseNextJob(owner: "doomed", lease: .seconds(10), now: now) != nil)
            now += 11
        }
        #expect(try await database.leaseNextJob(owner: "doomed", lease: .seconds(10), now: now) == nil)
        let file = try #require(try await database.file(id: files[0].id))
        #expect(file.status == .transcodeFailed)
        guard case .string(let reason) = file.metadata["failureReason"] else {
            Issue.record("no failureReason on \(file.metadata)")
            return
        }
        #expect(reason.contains("stopped during each of 3 attempts"))
    }

    @Test func transientFailuresBackOffThenFail() async throws {
        let (database, files) = try await queued()
        let id = files[0].id
        var now = start
        for attempt in 1...TranscodeJob.maxAttempts {
            let leased = try #require(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: now))
            #expect(leased.job.attempts == attempt)
            let job = try await database.failJob(of: id, owner: "w", reason: "disk busy", retryable: true, backoff: .seconds(60), now: now)
            if attempt < TranscodeJob.maxAttempts {
                #expect(job?.state == .queued)
                #expect(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: now + 59) == nil)
                now += 60
            } else {
                #expect(job?.state == .failed)
            }
        }
        #expect(try await database.file(id: id)?.status == .transcodeFailed)
        #expect(try await database.file(id: id)?.metadata["failureReason"] == "disk busy")
    }

    @Test func aDeterministicFailureFailsAtOnceAndAnOperatorRetryRequeues() async throws {
        let (database, files) = try await queued()
        let id = files[0].id
        _ = try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: start)
        #expect(try await database.retryTranscode(of: id, force: false, now: start) == .failure(.alreadyRunning))
        let failed = try await database.failJob(of: id, owner: "w", reason: "invalid data found", retryable: false, backoff: .zero, now: start)
        #expect(failed?.state == .failed)
        #expect(try await database.file(id: id)?.status == .transcodeFailed)

        let retried = try await database.retryTranscode(of: id, force: false, now: start + 1)
        #expect(try retried.get().state == .queued)
        #expect(try retried.get().attempts == 0)
        let file = try #require(try await database.file(id: id))
        #expect(file.status == .transcoding)
        #expect(file.metadata["failureReason"] == nil)
        #expect(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: start + 1)?.file.id == id)
    }

    @Test func forceResetsAStuckJobAndOnlyVideoIsTranscoded() async throws {
        let (database, files) = try await queued()
        let id = files[0].id
        _ = try await database.leaseNextJob(owner: "stuck", lease: .seconds(3600), now: start)
        #expect(try await database.retryTranscode(of: id, force: true, now: start + 5).get().state == .queued)
        #expect(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: start + 5)?.file.id == id)

        var image = video()
        image.type = .image
        try await database.insert(image)
        #expect(try await database.retryTranscode(of: image.id, force: true, now: start) == .failure(.notTranscodable(.image)))
        #expect(try await database.retryTranscode(of: .random(), force: false, now: start) == .failure(.noSuchFile))
    }

    @Test func aReleasedJobIsTakenAgainWithoutLosingAnAttempt() async throws {
        let (database, files) = try await queued()
        _ = try await database.leaseNextJob(owner: "stopping", lease: .seconds(30), now: start)
        try await database.releaseJob(of: files[0].id, owner: "stopping", now: start + 1)
        let again = try #require(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: start + 1))
        #expect(again.job.attempts == 1)
    }

    @Test func jobsOfDeletedFilesAreDropped() async throws {
        let (database, files) = try await queued(3)
        _ = try await database.markDeleted(id: files[0].id)
        #expect(try await database.leaseNextJob(owner: "w", lease: .seconds(30), now: start)?.file.id != files[0].id)
        #expect(try await database.transcodeJob(of: files[0].id) == nil)
    }
}
