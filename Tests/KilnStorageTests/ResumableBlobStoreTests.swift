import Foundation
import KilnCore
import NIOCore
import Testing

@testable import KilnStorage

/// The resumable half of the `BlobStore` contract, on every engine: bytes appended over many
/// requests in pieces of every size (short tails, whole parts, more than a part) finish as the
/// original; a state sealed but never recorded (a crash before the offset write) is not counted;
/// a discarded chunk leaves the state as it was; the sweep spares a live upload; dropping leaves
/// nothing here or in the bucket.
struct ResumableBlobStoreTests {
    static let partSize = Int(S3ResumableAppend.partSize)

    /// Appends `bytes` as one request would, in 256 KiB writes; `recorded` when the request lived to
    /// record its state (only then does it settle, dropping what the state replaced).
    static func append(
        _ bytes: ArraySlice<UInt8>, to store: any BlobStore, for fileId: FileID, at state: ResumableBytes, final: Bool,
        recorded: Bool = true
    ) async throws -> ResumableBytes {
        let append = try await store.appendResumable(for: fileId, at: state)
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let end = min(offset + 256 * 1024, bytes.endIndex)
            try await append.write(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
        let sealed = try await append.seal(final: final)
        if recorded { await append.settle() }
        #expect(sealed.offset == state.offset + Int64(bytes.count))
        return sealed
    }

    @Test(arguments: BlobStoreEngine.available)
    func piecesOfEverySizeFinishAsTheOriginal(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, folder in
            let fileId = FileID.random()
            let bytes = BlobTesting.pattern(2 * Self.partSize + 3 * 1024 * 1024 + 777, seed: 11)
            // A short tail, a tail grown past the 5 MiB a part needs, more than a part, and the rest.
            let cuts = [0, 1_000_000, 6 * 1024 * 1024, 6 * 1024 * 1024 + 5, 6 * 1024 * 1024 + 5 + Self.partSize + 12_345, bytes.count]
            var state = ResumableBytes(offset: 0, record: nil)
            for (start, end) in zip(cuts, cuts.dropFirst()) {
                state = try await Self.append(bytes[start..<end], to: store, for: fileId, at: state, final: end == bytes.count)
            }
            // A request that brought nothing changes nothing.
            let upload = try await store.finishResumable(for: fileId, state)
            #expect(upload.bytesWritten == Int64(bytes.count))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: upload.localPath))) == bytes)
            try await store.commit(upload)
            #expect(try await BlobTesting.collect(store.read(.original(fileId), range: nil)) == bytes)
            #expect(try await BlobTesting.pendingUploads(store) == 0)
            #expect(try await Self.blobs(of: fileId, in: store, folder: folder) == ["original"])
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func aStateSealedButNeverRecordedIsNotCounted(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let fileId = FileID.random()
            let bytes = BlobTesting.pattern(Self.partSize + 2_000_000, seed: 5)
            let recorded = try await Self.append(bytes[0..<1_500_000], to: store, for: fileId, at: ResumableBytes(offset: 0, record: nil), final: false)
            // A crash after these bytes were sealed, before their state was recorded: other bytes went
            // where the recorded state ends, then the next request began from the recorded state.
            _ = try await Self.append(
                ArraySlice(BlobTesting.pattern(Self.partSize + 100, seed: 99)), to: store, for: fileId, at: recorded, final: false,
                recorded: false)
            // A chunk whose checksum failed is discarded.
            let refused = try await store.appendResumable(for: fileId, at: recorded)
            try await refused.write(ByteBuffer(bytes: BlobTesting.pattern(300_000, seed: 3)))
            await refused.discard()
            let done = try await Self.append(bytes[1_500_000...], to: store, for: fileId, at: recorded, final: true)
            let upload = try await store.finishResumable(for: fileId, done)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: upload.localPath))) == bytes)
            try await store.commit(upload)
            #expect(try await BlobTesting.collect(store.read(.original(fileId), range: nil)) == bytes)
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func theSweepSparesALiveUploadAndDroppingLeavesNothing(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, folder in
            let fileId = FileID.random()
            let bytes = BlobTesting.pattern(Self.partSize + 1_234_567, seed: 17)
            let state = try await Self.append(bytes[...], to: store, for: fileId, at: ResumableBytes(offset: 0, record: nil), final: false)
            _ = try await store.sweep(sparingWritesWithin: .zero) { ids in Set(ids.filter { $0 == fileId }) }
            let more = try await Self.append(
                ArraySlice(BlobTesting.pattern(10, seed: 1)), to: store, for: fileId, at: state, final: false)
            #expect(more.offset == state.offset + 10)
            try await store.dropResumable(for: fileId, more)
            try await store.dropResumable(for: fileId, more)
            #expect(try await BlobTesting.pendingUploads(store) == 0)
            #expect(try await Self.blobs(of: fileId, in: store, folder: folder).isEmpty)
            #expect(BlobTesting.files(under: folder).isEmpty)
        }
    }

    @Test(arguments: BlobStoreEngine.available)
    func anEmptyUploadFinishesAsAnEmptyOriginal(_ engine: BlobStoreEngine) async throws {
        try await engine.withStore { store, _ in
            let fileId = FileID.random()
            let state = try await Self.append([], to: store, for: fileId, at: ResumableBytes(offset: 0, record: nil), final: true)
            let upload = try await store.finishResumable(for: fileId, state)
            try await store.commit(upload)
            #expect(try await store.size(of: .original(fileId)) == 0)
        }
    }

    /// The variants the store holds for `fileId`: files in its folder, or objects under its prefix.
    static func blobs(of fileId: FileID, in store: any BlobStore, folder: String) async throws -> [String] {
        if let store = store as? S3BlobStore {
            return try await store.listObjects(prefix: store.location.prefix + fileId.rawValue + "/")
                .compactMap { store.blobKey(ofObject: $0.key)?.variant }.sorted()
        }
        return BlobTesting.files(under: folder).filter { $0.contains(fileId.rawValue) }.map { ($0 as NSString).lastPathComponent }
    }
}
