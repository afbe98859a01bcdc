import Foundation
import KilnCore
import KilnStorage
import Testing

/// The `TranscodeQueue` contract, on every engine. Time is never waited for: a lease of zero has
/// run out by the next claim, a lease of an hour has not; backoffs likewise.
struct TranscodeQueueTests {
    static let held = Duration.seconds(3600)
    static let runOut = Duration.zero

    static func video(by uploader: String = "alice") -> StoredFile {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        return StoredFile(
            id: .random(), uploaderId: uploader, type: .video, accessType: .public, altText: nil, feedType: .post,
            status: .uploaded, name: "clip.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1000,
            createdAt: start, updatedAt: start)
    }

    static func queue(_ count: Int, in stores: Stores, by uploader: String = "alice") async throws -> [StoredFile] {
        var files: [StoredFile] = []
        for _ in 0..<count {
            let file = video(by: uploader)
            try await stores.queue.insertQueued(file)
            files.append(file)
        }
        return files
    }

    /// Claims are fair between uploaders: alice's 50 queued videos delay bob's one, queued after
    /// them, by at most one job for the one worker there is.
    @Test(arguments: StoreEngine.available)
    func anotherUploadersJobIsClaimedWithinTwoClaimsOfALongQueue(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let alices = try await Self.queue(50, in: stores, by: "alice")
            // The worker is already going through alice's backlog when bob's video arrives.
            for _ in 0..<3 {
                let leased = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
                #expect(leased.job.uploaderId == "alice")
                #expect(try await queue.completeJob(of: leased.file.id, owner: "w1", variants: [:], metadata: [:]))
            }
            let bobs = try await Self.queue(1, in: stores, by: "bob")[0]
            var claimed: [FileID] = []
            for _ in 0..<2 {
                let leased = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
                claimed.append(leased.file.id)
                #expect(try await queue.completeJob(of: leased.file.id, owner: "w1", variants: [:], metadata: [:]))
            }
            #expect(claimed.contains(bobs.id))
            // Alice's backlog then runs on, every job once.
            var rest: Set<FileID> = []
            while let leased = try await queue.leaseNextJob(owner: "w1", lease: Self.held) {
                rest.insert(leased.file.id)
                #expect(try await queue.completeJob(of: leased.file.id, owner: "w1", variants: [:], metadata: [:]))
            }
            #expect(rest.count == 46)
            #expect(rest.isSubset(of: Set(alices.map(\.id))))
        }
    }

    /// With several workers, an uploader with fewer jobs running goes first: while a worker holds one
    /// of alice's jobs, the next claim is bob's even though alice's jobs are older.
    @Test(arguments: StoreEngine.available)
    func anUploaderWithFewerJobsRunningIsServedFirst(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            _ = try await Self.queue(5, in: stores, by: "alice")
            let first = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
            #expect(first.job.uploaderId == "alice")
            #expect(first.job.leasedAt != nil)
            let bobs = try await Self.queue(1, in: stores, by: "bob")[0]
            let second = try #require(try await queue.leaseNextJob(owner: "w2", lease: Self.held))
            #expect(second.file.id == bobs.id)
            // Both busy with one each: the one served longest ago (alice) comes next.
            let third = try #require(try await queue.leaseNextJob(owner: "w3", lease: Self.held))
            #expect(third.job.uploaderId == "alice")
        }
    }

    /// An uploader's oldest ready job goes first whether it is queued or its lease ran out, and an
    /// uploader with nothing running still goes before one whose retaken job is running.
    @Test(arguments: StoreEngine.available)
    func aRunOutLeaseIsTakenBeforeTheUploadersNewerJobs(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            var alices: [StoredFile] = []
            for second in 0..<3 {
                // Queued a second apart, so their order is known on either engine.
                var file = Self.video(by: "alice")
                file.createdAt = file.createdAt.addingTimeInterval(Double(second))
                file.updatedAt = file.createdAt
                try await queue.insertQueued(file)
                alices.append(file)
            }
            let crashed = try #require(try await queue.leaseNextJob(owner: "crashed", lease: Self.runOut))
            #expect(crashed.file.id == alices[0].id)
            #expect(try await queue.leaseNextJob(owner: "w1", lease: Self.held)?.file.id == alices[0].id)
            let bobs = try await Self.queue(1, in: stores, by: "bob")[0]
            #expect(try await queue.leaseNextJob(owner: "w2", lease: Self.held)?.file.id == bobs.id)
            #expect(try await queue.leaseNextJob(owner: "w3", lease: Self.held)?.file.id == alices[1].id)
            #expect(try await queue.leaseNextJob(owner: "w4", lease: Self.held)?.file.id == alices[2].id)
            #expect(try await queue.leaseNextJob(owner: "w5", lease: Self.held) == nil)
        }
    }

    @Test(arguments: StoreEngine.available)
    func jobsAreCountedByState(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            #expect(try await queue.jobCounts() == [.queued: 0, .running: 0, .done: 0, .failed: 0])
            let files = try await Self.queue(4, in: stores)
            let first = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
            let second = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
            _ = try await queue.completeJob(of: first.file.id, owner: "w1", variants: [:], metadata: [:])
            _ = try await queue.failJob(of: second.file.id, owner: "w1", reason: "bad", retryable: false, backoff: .zero)
            _ = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
            #expect(try await queue.jobCounts() == [.queued: 1, .running: 1, .done: 1, .failed: 1])
            #expect(files.count == 4)
        }
    }

    @Test(arguments: StoreEngine.available)
    func aJobRunsToTranscodedWithProgressOnTheFile(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let id = try await Self.queue(1, in: stores)[0].id
            #expect(try await queue.transcodeJob(of: id)?.state == .queued)

            let leased = try #require(try await queue.leaseNextJob(owner: "w1", lease: Self.held))
            #expect(leased.file.id == id)
            #expect(leased.job.attempts == 1)
            #expect(try await stores.files.file(id: id)?.status == .transcoding)
            #expect(try await stores.files.file(id: id)?.metadata["progress"] == 0)
            #expect(try await queue.leaseNextJob(owner: "w2", lease: Self.held) == nil)

            let before = try #require(try await stores.files.file(id: id))
            #expect(try await queue.renewLease(of: id, owner: "w1", progress: 40, lease: Self.held))
            let during = try #require(try await stores.files.file(id: id))
            #expect(during.metadata["progress"] == 40)
            // The heartbeat writes the job row only.
            #expect(during.updatedAt == before.updatedAt)
            #expect(try await stores.files.listFiles(FileListQuery(status: .transcoding)).first?.metadata["progress"] == 40)
            #expect(try await !queue.renewLease(of: id, owner: "w2", progress: 50, lease: Self.held))

            let rendition = StoredVariant(blob: "720p", mimeType: "video/mp4", width: 1280, height: 720, size: 500)
            #expect(try await queue.completeJob(of: id, owner: "w1", variants: ["720p": rendition], metadata: ["duration": 2]))
            let file = try #require(try await stores.files.file(id: id))
            #expect(file.status == .transcoded)
            #expect(file.variants["720p"] == rendition)
            #expect(file.metadata["duration"] == 2)
            #expect(file.metadata["progress"] == nil)
            #expect(try await queue.transcodeJob(of: id)?.state == .done)
        }
    }

    @Test(arguments: StoreEngine.available)
    func anExpiredLeaseIsTakenAgainAndTheLateAnswerRefused(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let id = try await Self.queue(1, in: stores)[0].id
            _ = try await queue.leaseNextJob(owner: "crashed", lease: Self.runOut)
            let retaken = try #require(try await queue.leaseNextJob(owner: "w2", lease: Self.held))
            #expect(retaken.file.id == id)
            #expect(retaken.job.attempts == 2)
            #expect(try await queue.leaseNextJob(owner: "w3", lease: Self.held) == nil)
            #expect(try await !queue.renewLease(of: id, owner: "crashed", progress: 90, lease: Self.held))
            #expect(try await !queue.completeJob(of: id, owner: "crashed", variants: [:], metadata: [:]))
            #expect(try await queue.failJob(of: id, owner: "crashed", reason: "late", retryable: false, backoff: .zero) == nil)
            #expect(try await queue.transcodeJob(of: id)?.leaseOwner == "w2")
            #expect(try await queue.completeJob(of: id, owner: "w2", variants: [:], metadata: [:]))
        }
    }

    @Test(arguments: StoreEngine.available)
    func aWorkerThatDiesEveryTimeFailsTheJob(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let id = try await Self.queue(1, in: stores)[0].id
            for _ in 0..<TranscodeJob.maxAttempts {
                #expect(try await stores.queue.leaseNextJob(owner: "doomed", lease: Self.runOut) != nil)
            }
            #expect(try await stores.queue.leaseNextJob(owner: "doomed", lease: Self.runOut) == nil)
            let file = try #require(try await stores.files.file(id: id))
            #expect(file.status == .transcodeFailed)
            #expect(file.failureReason?.contains("stopped during each of 3 attempts") == true)
            #expect(try await stores.queue.transcodeJob(of: id)?.state == .failed)
        }
    }

    @Test(arguments: StoreEngine.available)
    func transientFailuresBackOffThenFail(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let id = try await Self.queue(1, in: stores)[0].id
            // A long backoff keeps the job from the next claim.
            _ = try #require(try await queue.leaseNextJob(owner: "w", lease: Self.held))
            let waiting = try await queue.failJob(of: id, owner: "w", reason: "disk busy", retryable: true, backoff: Self.held)
            #expect(waiting?.state == .queued)
            #expect(waiting.map { $0.availableAt > Date(timeIntervalSince1970: 1_700_000_000) } == true)
            #expect(try await queue.leaseNextJob(owner: "w", lease: Self.held) == nil)
            #expect(try await queue.retryTranscode(of: id, force: true).get().attempts == 0)

            for attempt in 1...TranscodeJob.maxAttempts {
                let leased = try #require(try await queue.leaseNextJob(owner: "w", lease: Self.held))
                #expect(leased.job.attempts == attempt)
                let job = try await queue.failJob(of: id, owner: "w", reason: "disk busy", retryable: true, backoff: .zero)
                #expect(job?.state == (attempt < TranscodeJob.maxAttempts ? .queued : .failed))
            }
            let file = try #require(try await stores.files.file(id: id))
            #expect(file.status == .transcodeFailed)
            #expect(file.metadata["failureReason"] == "disk busy")
        }
    }

    @Test(arguments: StoreEngine.available)
    func aDeterministicFailureFailsAtOnceAndAnOperatorRetryRequeues(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let id = try await Self.queue(1, in: stores)[0].id
            _ = try await queue.leaseNextJob(owner: "w", lease: Self.held)
            #expect(try await queue.retryTranscode(of: id, force: false) == .failure(.alreadyRunning))
            let failed = try await queue.failJob(of: id, owner: "w", reason: "invalid data found", retryable: false, backoff: .zero)
            #expect(failed?.state == .failed)
            #expect(try await stores.files.file(id: id)?.status == .transcodeFailed)

            let retried = try await queue.retryTranscode(of: id, force: false)
            #expect(try retried.get().state == .queued)
            #expect(try retried.get().attempts == 0)
            let file = try #require(try await stores.files.file(id: id))
            #expect(file.status == .transcoding)
            #expect(file.metadata["failureReason"] == nil)
            #expect(try await queue.leaseNextJob(owner: "w", lease: Self.held)?.file.id == id)
        }
    }

    @Test(arguments: StoreEngine.available)
    func forceResetsAStuckJobAndOnlyVideoIsTranscoded(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let queue = stores.queue
            let id = try await Self.queue(1, in: stores)[0].id
            _ = try await queue.leaseNextJob(owner: "stuck", lease: Self.held)
            #expect(try await queue.retryTranscode(of: id, force: true).get().state == .queued)
            #expect(try await queue.leaseNextJob(owner: "w", lease: Self.held)?.file.id == id)
            #expect(try await !queue.completeJob(of: id, owner: "stuck", variants: [:], metadata: [:]))

            var image = Self.video()
            image.type = .image
            try await stores.files.insert(image)
            #expect(try await queue.retryTranscode(of: image.id, force: true) == .failure(.notTranscodable(.image)))
            #expect(try await queue.retryTranscode(of: .random(), force: false) == .failure(.noSuchFile))

            #expect(try await stores.files.markDeleted(id: id) != nil)
            #expect(try await queue.retryTranscode(of: id, force: true) == .failure(.deleted))
        }
    }

    @Test(arguments: StoreEngine.available)
    func aReleasedJobIsTakenAgainWithoutLosingAnAttempt(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let id = try await Self.queue(1, in: stores)[0].id
            _ = try await stores.queue.leaseNextJob(owner: "stopping", lease: Self.held)
            try await stores.queue.releaseJob(of: id, owner: "stopping")
            let again = try #require(try await stores.queue.leaseNextJob(owner: "w", lease: Self.held))
            #expect(again.job.attempts == 1)
        }
    }

    @Test(arguments: StoreEngine.available)
    func anExpiredLeaseOfAStoppedProcessIsTakenAtOnce(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let id = try await Self.queue(1, in: stores)[0].id
            _ = try await stores.queue.leaseNextJob(owner: "gone", lease: Self.held)
            #expect(try await stores.queue.runningJobs().map(\.fileId) == [id])
            try await stores.queue.expireLease(of: id, owner: "gone")
            #expect(try await stores.queue.leaseNextJob(owner: "w", lease: Self.held)?.job.attempts == 2)
        }
    }

    @Test(arguments: StoreEngine.available)
    func jobsOfDeletedFilesAreDropped(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let files = try await Self.queue(3, in: stores)
            _ = try await stores.files.markDeleted(id: files[0].id)
            var taken: [FileID] = []
            while let leased = try await stores.queue.leaseNextJob(owner: "w", lease: Self.held) { taken.append(leased.file.id) }
            #expect(Set(taken) == Set(files.dropFirst().map(\.id)))
            #expect(try await stores.queue.transcodeJob(of: files[0].id) == nil)
        }
    }

    @Test(arguments: StoreEngine.available)
    func aJobQueuedOnOneNodeWakesAWorkerWaitingOnAnother(_ engine: StoreEngine) async throws {
        try await engine.withNodes { api, worker in
            if engine == .postgres {
                // Returns once the worker node's listener is up: it looks once after every (re)connection.
                await worker.queue.waitForQueuedJob(timeout: .seconds(60))
            }
            async let woken = worker.queue.waitForQueuedJob(timeout: .seconds(120))
            _ = try await Self.queue(1, in: api)
            // Woken by the job, not by the time running out.
            #expect(await woken)
            #expect(try await worker.queue.leaseNextJob(owner: "w", lease: Self.held) != nil)
        }
    }
}
