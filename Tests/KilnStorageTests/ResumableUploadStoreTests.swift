import Foundation
import KilnCore
import KilnStorage
import Testing

/// The `ResumableUploadStore` contract, on every engine: an upload as recorded, one holder at a time
/// across nodes, a lease that a dead holder's successor may take once it runs out, a stop asked of
/// the holder, progress written only by the holder, and the expiry sweeps read.
struct ResumableUploadStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func upload(expiresIn seconds: TimeInterval = 3600, length: Int64? = 1000) -> ResumableUpload {
        ResumableUpload(
            id: .random(), fileId: .random(), ownerId: "alice", kind: "video",
            fields: ["filename": "clip.mp4", "altText": "ünïcode ✓"], length: length, createdAt: start,
            expiresAt: start.addingTimeInterval(seconds))
    }

    @Test(arguments: StoreEngine.available)
    func anUploadReadsBackAsRecordedOnEveryNode(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let upload = Self.upload(length: nil)
            try await first.resumables.insertResumable(upload)
            #expect(try await second.resumables.resumable(upload.id) == upload)
            #expect(try await second.resumables.resumable(.random()) == nil)
            try await second.resumables.deleteResumable(upload.id)
            #expect(try await first.resumables.resumable(upload.id) == nil)
        }
    }

    @Test(arguments: StoreEngine.available)
    func oneHolderAtATimeUntilItsLeaseRunsOut(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let upload = Self.upload()
            try await first.resumables.insertResumable(upload)
            let now = Self.start
            #expect(try await first.resumables.claimResumable(upload.id, holder: "a", until: now + 10, now: now) == .claimed(upload))
            #expect(try await second.resumables.claimResumable(upload.id, holder: "b", until: now + 10, now: now) == .held)
            #expect(try await second.resumables.claimResumable(.random(), holder: "b", until: now + 10, now: now) == .missing)
            // A stop asked is seen at the holder's next renewal; another holder's renewal is refused.
            #expect(try await first.resumables.renewResumable(upload.id, holder: "a", until: now + 20) == false)
            try await second.resumables.askToStopResumable(upload.id)
            #expect(try await first.resumables.renewResumable(upload.id, holder: "a", until: now + 20) == true)
            #expect(try await second.resumables.renewResumable(upload.id, holder: "b", until: now + 20) == nil)
            // Let go, it is anyone's.
            try await first.resumables.releaseResumable(upload.id, holder: "a")
            #expect(try await second.resumables.claimResumable(upload.id, holder: "b", until: now + 10, now: now) == .claimed(upload))
            // A holder that died: its lease runs out, then the next request takes it.
            #expect(try await first.resumables.claimResumable(upload.id, holder: "c", until: now + 20, now: now + 5) == .held)
            #expect(try await first.resumables.claimResumable(upload.id, holder: "c", until: now + 20, now: now + 10) == .claimed(upload))
            #expect(try await first.resumables.renewResumable(upload.id, holder: "c", until: now + 30) == false)
        }
    }

    @Test(arguments: StoreEngine.available)
    func onlyTheHolderRecordsProgress(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let upload = Self.upload(length: nil)
            try await first.resumables.insertResumable(upload)
            _ = try await first.resumables.claimResumable(upload.id, holder: "a", until: Self.start + 10, now: Self.start)
            var progressed = upload
            progressed.offset = 5 << 20
            progressed.length = 9 << 20
            progressed.bytesRecord = #"{"uploadId":"x","parts":[],"tail":5}"#
            progressed.expiresAt = Self.start.addingTimeInterval(7200)
            #expect(try await second.resumables.recordResumable(progressed, holder: "b") == false)
            #expect(try await second.resumables.resumable(upload.id) == upload)
            #expect(try await first.resumables.recordResumable(progressed, holder: "a") == true)
            #expect(try await second.resumables.resumable(upload.id) == progressed)
            progressed.finishedAt = Self.start.addingTimeInterval(60)
            #expect(try await first.resumables.recordResumable(progressed, holder: "a") == true)
            #expect(try await second.resumables.resumable(upload.id)?.finishedAt == progressed.finishedAt)
        }
    }

    @Test(arguments: StoreEngine.available)
    func sweepsSeeWhatExpiredAndWhatIsStillGathering(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let soon = Self.upload(expiresIn: 60)
            let later = Self.upload(expiresIn: 3600)
            var finished = Self.upload(expiresIn: 3600)
            finished.finishedAt = Self.start
            for upload in [soon, later, finished] { try await stores.resumables.insertResumable(upload) }
            let ids = [soon.fileId, later.fileId, finished.fileId, FileID.random()]
            #expect(try await stores.resumables.resumingFileIDs(among: ids, at: Self.start) == [soon.fileId, later.fileId])
            #expect(try await stores.resumables.resumingFileIDs(among: ids, at: Self.start + 60) == [later.fileId])
            #expect(try await stores.resumables.resumingFileIDs(among: [], at: Self.start).isEmpty)
            #expect(try await stores.resumables.expiredResumables(at: Self.start + 59, limit: 10).isEmpty)
            #expect(try await stores.resumables.expiredResumables(at: Self.start + 60, limit: 10).map(\.id) == [soon.id])
            let all = try await stores.resumables.expiredResumables(at: Self.start + 3600, limit: 10)
            #expect(all.first?.id == soon.id && Set(all.map(\.id)) == [soon.id, later.id, finished.id])
            #expect(try await stores.resumables.expiredResumables(at: Self.start + 3600, limit: 1).count == 1)
        }
    }
}
