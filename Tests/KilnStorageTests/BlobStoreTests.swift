import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import Testing

@testable import KilnStorage

/// The `BlobStore` contract, on every store.
struct BlobStoreTests {
    @Test(arguments: BlobStoreEngine.available)
    func committedBytesReadBackWholeAndInRanges(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let bytes = BlobTesting.pattern(600_000)
            let key = BlobKey.original(.random())
            try await BlobTesting.upload(bytes, to: store, as: key, chunk: 1000)
            #expect(try await store.size(of: key) == 600_000)
            #expect(try await BlobTesting.collect(store.read(key, range: nil)) == bytes)
            #expect(try await BlobTesting.collect(store.read(key, range: 10...19)) == Array(bytes[10...19]))
            #expect(try await BlobTesting.collect(store.read(key, range: 599_990...599_999)) == Array(bytes[599_990...]))
            #expect(try await store.size(of: .original(.random())) == nil)
        }
    }

    /// Larger than three parts of an object store's multipart upload, the last one short.
    @Test(arguments: BlobStoreEngine.available)
    func aLargeUploadArrivesWholeAndLeavesNoUploadPending(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, folder in
            let bytes = BlobTesting.pattern(3 * 8 * 1024 * 1024 + 123_457, seed: 13)
            let key = BlobKey(fileId: .random(), variant: "original")
            try await BlobTesting.upload(bytes, to: store, as: key, chunk: 256 * 1024)
            #expect(try await store.size(of: key) == Int64(bytes.count))
            #expect(try await BlobTesting.collect(store.read(key, range: nil)) == bytes)
            let tail = Int64(bytes.count - 1_000)...Int64(bytes.count - 1)
            #expect(try await BlobTesting.collect(store.read(key, range: tail)) == Array(bytes[(bytes.count - 1_000)...]))
            #expect(try await BlobTesting.pendingUploads(store) == 0)
            #expect(BlobTesting.files(under: folder).allSatisfy { !$0.hasSuffix(".part") })
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func anAbortedUploadLeavesNothingHereOrThere(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, folder in
            let key = BlobKey.original(.random())
            let upload = try store.beginUpload(of: key)
            // More than a part, so an object store has a multipart upload to cancel.
            for _ in 0..<40 { try await upload.write(ByteBuffer(bytes: BlobTesting.pattern(256 * 1024))) }
            #expect(BlobTesting.files(under: folder).contains { $0.hasSuffix(".part") })
            #expect(try await BlobTesting.pendingUploads(store) == (engine == .s3 ? 1 : 0))
            await upload.abort()
            await upload.abort()
            #expect(BlobTesting.files(under: folder).isEmpty)
            #expect(try await store.size(of: key) == nil)
            #expect(try await BlobTesting.pendingUploads(store) == 0)
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func anEmptyUploadIsAnEmptyBlob(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let key = BlobKey.original(.random())
            try await BlobTesting.upload([], to: store, as: key)
            #expect(try await store.size(of: key) == 0)
        }
    }

    /// Encoders write renditions to the upload's path rather than through `write`.
    @Test(arguments: BlobStoreEngine.available)
    func bytesWrittenToTheLocalPathAreCommitted(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let bytes = BlobTesting.pattern(9 * 1024 * 1024, seed: 3)
            let key = BlobKey(fileId: .random(), variant: "720p-abcdef12")
            let upload = try store.beginUpload(of: key)
            try Data(bytes).write(to: URL(fileURLWithPath: upload.localPath))
            try await store.commit(upload)
            #expect(try await BlobTesting.collect(store.read(key, range: nil)) == bytes)
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func aLocalCopyHoldsTheBytesAndGoesAfterwards(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, folder in
            let bytes = BlobTesting.pattern(300_000)
            let key = BlobKey.original(.random())
            try await BlobTesting.upload(bytes, to: store, as: key)
            let before = BlobTesting.files(under: folder)
            let copied = try await store.withLocalCopy(of: key) { path in Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
            #expect(copied == bytes)
            #expect(BlobTesting.files(under: folder) == before)
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func deleteAllRemovesEveryVariant(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let id = FileID.random(), other = FileID.random()
            try await BlobTesting.upload([1], to: store, as: .original(id))
            try await BlobTesting.upload([2], to: store, as: BlobKey(fileId: id, variant: "small"))
            try await BlobTesting.upload([3], to: store, as: .original(other))
            try await store.deleteAll(of: id)
            try await store.deleteAll(of: id)
            #expect(try await store.size(of: .original(id)) == nil)
            #expect(try await store.size(of: BlobKey(fileId: id, variant: "small")) == nil)
            #expect(try await store.size(of: .original(other)) == 1)
            try await store.delete(.original(other))
            try await store.delete(.original(other))
            #expect(try await store.size(of: .original(other)) == nil)
        }
    }

    /// A blob just read (and so perhaps kept open by the store) cannot be read after its delete.
    @Test(arguments: BlobStoreEngine.available)
    func aDeletedBlobIsNotReadBackEvenRightAfterAReadOfIt(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let id = FileID.random()
            let original = BlobKey.original(id), small = BlobKey(fileId: id, variant: "small")
            try await BlobTesting.upload([1, 2, 3], to: store, as: original)
            try await BlobTesting.upload([4], to: store, as: small)
            #expect(try await BlobTesting.collect(store.read(original, range: nil)) == [1, 2, 3])
            #expect(try await BlobTesting.collect(store.read(small, range: nil)) == [4])
            try await store.delete(original)
            await #expect(throws: (any Error).self) { try await BlobTesting.collect(store.read(original, range: nil)) }
            try await store.deleteAll(of: id)
            await #expect(throws: (any Error).self) { try await BlobTesting.collect(store.read(small, range: nil)) }
        }
    }

    /// Leftovers go once quiet for the grace period; until then they may be another node's work.
    @Test(arguments: BlobStoreEngine.available)
    func theSweepRemovesQuietOrphansAndSparesRecentOnesAndLiveFiles(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let live = FileID.random(), orphan = FileID.random()
            try await BlobTesting.upload([1, 2, 3], to: store, as: .original(live))
            try await BlobTesting.upload([4, 5, 6], to: store, as: .original(orphan))
            try await BlobTesting.upload([7], to: store, as: BlobKey(fileId: orphan, variant: "small"))
            let isLive: @Sendable ([FileID]) async throws -> Set<FileID> = { ids in Set(ids.filter { $0 == live }) }

            let recent = try await store.sweep(sparingWritesWithin: .seconds(3600), isLive: isLive)
            #expect(recent.orphanedFilesRemoved == 0 && recent.recentFilesSpared == 2)
            #expect(try await store.size(of: .original(orphan)) == 3)

            let quiet = try await store.sweep(sparingWritesWithin: .zero, isLive: isLive)
            #expect(quiet.orphanedFilesRemoved == 2)
            #expect(try await store.size(of: .original(orphan)) == nil)
            #expect(try await store.size(of: .original(live)) == 3)
        }
    }
}

/// What only the data folder does.
struct FileSystemBlobStoreTests {
    @Test func anAbandonedUploadRemovesItsTemporaryFile() async throws {
        try await BlobStoreEngine.filesystem.withStore { store, folder in
            do {
                let abandoned = try store.beginUpload(of: .original(.random()))
                try await abandoned.write(ByteBuffer(bytes: [1, 2, 3]))
            }
            #expect(BlobTesting.files(under: folder).isEmpty)
        }
    }

    /// Modification times are the kernel's; the test moves them back rather than waiting.
    @Test func theSweepJudgesQuietByModificationTime() async throws {
        try await BlobStoreEngine.filesystem.withStore { store, root in
            let live = FileID.random(), orphan = FileID.random(), arriving = FileID.random()
            try await BlobTesting.upload([1, 2, 3], to: store, as: .original(live))
            try await BlobTesting.upload([4, 5, 6], to: store, as: .original(orphan))
            try await BlobTesting.upload([7], to: store, as: BlobKey(fileId: orphan, variant: "small"))
            try Data([9]).write(to: URL(fileURLWithPath: root + "/.tmp/crashed.part"))
            // Another node's: an upload still being written, and bytes whose row is about to be written.
            try Data([8]).write(to: URL(fileURLWithPath: root + "/.tmp/in-flight.part"))
            try await BlobTesting.upload([10], to: store, as: .original(arriving))
            let longAgo = Date(timeIntervalSince1970: 1_000_000_000)
            for path in [root + "/.tmp/crashed.part", "\(root)/\(orphan.rawValue.prefix(2))/\(orphan)"]
                + ["original", "small"].map({ "\(root)/\(orphan.rawValue.prefix(2))/\(orphan)/\($0)" })
            {
                try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: path)
            }

            let report = try await store.sweep(sparingWritesWithin: .seconds(600)) { ids in Set(ids.filter { $0 == live }) }

            #expect(report == SweepReport(temporaryFilesRemoved: 1, orphanedFilesRemoved: 2, recentFilesSpared: 2))
            #expect(
                BlobTesting.files(under: root)
                    == [".tmp/in-flight.part", "\(arriving.rawValue.prefix(2))/\(arriving)/original", "\(live.rawValue.prefix(2))/\(live)/original"].sorted())
        }
    }

    @Test func itHasNoDirectURLs() async throws {
        try await BlobStoreEngine.filesystem.withStore { store, _ in
            #expect(store.directURL(for: .original(.random()), expiresAt: Date(), contentType: "image/png", contentDisposition: "inline") == nil)
        }
    }
}
