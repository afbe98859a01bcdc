import Foundation
import KilnCore
import KilnStorage
import NIOCore
import Testing

struct FileSystemBlobStoreTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-blobs-\(FileID.random())").path

    func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    func collect(_ stream: BlobReadStream) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in stream { bytes += chunk.readableBytesView }
        return bytes
    }

    func upload(_ bytes: [UInt8], to store: FileSystemBlobStore, as key: BlobKey) async throws {
        let upload = try store.beginUpload(of: key)
        for chunk in bytes.chunks(ofCount: 1000) { try await upload.write(ByteBuffer(bytes: chunk)) }
        try await store.commit(upload)
    }

    @Test func committedBytesReadBackWholeAndInRanges() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try FileSystemBlobStore(root: root)
        let bytes = (0..<600_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let key = BlobKey.original(.random())
        try await upload(bytes, to: store, as: key)

        #expect(try await store.size(of: key) == 600_000)
        #expect(try await collect(store.read(key, range: nil)) == bytes)
        #expect(try await collect(store.read(key, range: 10...19)) == Array(bytes[10...19]))
        #expect(try await collect(store.read(key, range: 599_990...599_999)) == Array(bytes[599_990...]))
        #expect(files(under: root + "/.tmp").isEmpty)
    }

    @Test func anAbortedOrAbandonedUploadLeavesNothing() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try FileSystemBlobStore(root: root)
        let aborted = try store.beginUpload(of: .original(.random()))
        try await aborted.write(ByteBuffer(bytes: [1, 2, 3]))
        #expect(files(under: root + "/.tmp").count == 1)
        await aborted.abort()
        #expect(files(under: root).isEmpty)

        do {
            let abandoned = try store.beginUpload(of: .original(.random()))
            try await abandoned.write(ByteBuffer(bytes: [1, 2, 3]))
        }
        #expect(files(under: root).isEmpty)
    }

    @Test func sweepRemovesQuietTemporaryAndOrphanedFilesAndKeepsLiveAndRecentOnes() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try FileSystemBlobStore(root: root)
        let live = FileID.random(), orphan = FileID.random(), arriving = FileID.random()
        try await upload([1, 2, 3], to: store, as: .original(live))
        try await upload([4, 5, 6], to: store, as: .original(orphan))
        try await upload([7], to: store, as: BlobKey(fileId: orphan, variant: "small"))
        try Data([9]).write(to: URL(fileURLWithPath: root + "/.tmp/crashed.part"))
        // Another node's: an upload still being written, and bytes whose row is about to be written.
        try Data([8]).write(to: URL(fileURLWithPath: root + "/.tmp/in-flight.part"))
        try await upload([10], to: store, as: .original(arriving))
        // What a crash left was last written long ago.
        let longAgo = Date(timeIntervalSince1970: 1_000_000_000)
        for path in [root + "/.tmp/crashed.part", "\(root)/\(orphan.rawValue.prefix(2))/\(orphan)"]
            + ["original", "small"].map({ "\(root)/\(orphan.rawValue.prefix(2))/\(orphan)/\($0)" })
        {
            try FileManager.default.setAttributes([.modificationDate: longAgo], ofItemAtPath: path)
        }

        let report = try await store.sweep(sparingWritesWithin: .seconds(600)) { ids in Set(ids.filter { $0 == live }) }

        #expect(report == SweepReport(temporaryFilesRemoved: 1, orphanedFilesRemoved: 2, recentFilesSpared: 2))
        #expect(
            files(under: root).sorted()
                == [".tmp/in-flight.part", "\(arriving.rawValue.prefix(2))/\(arriving)/original", "\(live.rawValue.prefix(2))/\(live)/original"].sorted())
        #expect(try await store.size(of: .original(orphan)) == nil)
    }

    @Test func deleteAllRemovesEveryVariant() async throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try FileSystemBlobStore(root: root)
        let id = FileID.random()
        try await upload([1], to: store, as: .original(id))
        try await upload([2], to: store, as: BlobKey(fileId: id, variant: "small"))
        try await store.deleteAll(of: id)
        try await store.deleteAll(of: id)
        #expect(files(under: root).isEmpty)
    }
}

extension Array {
    func chunks(ofCount count: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: self.count, by: count).map { self[$0..<Swift.min($0 + count, self.count)] }
    }
}
