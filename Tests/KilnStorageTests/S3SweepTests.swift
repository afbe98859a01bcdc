import Foundation
import KilnCore
import NIOCore
import Testing

@testable import KilnStorage

/// A bucket is often shared: with no `KILN_S3_PREFIX` Kiln's objects sit beside other applications'.
/// The start-up sweep removes only keys of Kiln's own shape, `<prefix><fileId>/<variant>`, and
/// leaves every other object and multipart upload alone, however old.
@Suite(.enabled(if: BlobStoreEngine.s3Location(prefix: "probe/") != nil, "needs KILN_TEST_S3_* (scripts/test starts SeaweedFS)"))
struct S3SweepTests {
    @Test(arguments: ["", "lib-\(FileID.random().rawValue.prefix(8))/"])
    func theSweepTouchesOnlyKilnsOwnKeys(prefix: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-sweep-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await S3BlobStore.open(
            try #require(BlobStoreEngine.s3Location(prefix: prefix)), scratchFolder: folder, scratchBytes: 1 << 30)
        // Other applications' objects, some of them nearly Kiln's shape; each under a name of its own,
        // since a store backed by a file tree cannot hold both `x` and `x/y`.
        let id = { FileID.random().rawValue }
        let foreign = [
            "other-\(id())/report.csv", id(), "\(id())/Original", "\(id())/original/extra", "\(id().uppercased())/original",
            "\(id()).bak/original", "\(id())/original.jpg", "\(id().prefix(31))/original",
        ].map { prefix + $0 }
        for key in foreign { try await Self.put(key, in: store) }
        let foreignUpload = try await Self.beginMultipartUpload(prefix + "other-\(id())/big.bin", in: store)
        let orphan = FileID.random(), live = FileID.random()
        try await BlobTesting.upload([4, 5, 6], to: store, as: .original(orphan))
        try await BlobTesting.upload([1, 2, 3], to: store, as: .original(live))

        // Only `orphan` is dead; every other file id a shared bucket holds (other tests') is live.
        let report = try await store.sweep(sparingWritesWithin: .zero) { ids in Set(ids.filter { $0 != orphan }) }

        #expect(try await store.size(of: .original(orphan)) == nil)
        #expect(try await store.size(of: .original(live)) == 3)
        #expect(report.orphanedFilesRemoved == 1, "\(report)")
        for key in foreign {
            let head = try await store.client.send(.HEAD, objectKey: key, idempotent: true)
            await head.discardBody()
            #expect(head.status == .ok, "\(key) was removed")
        }
        let pending = try await store.listMultipartUploads()
        #expect(pending.contains { $0.id == foreignUpload.id }, "another application's multipart upload was aborted")

        for key in foreign { await (try? store.client.send(.DELETE, objectKey: key, idempotent: true))?.discardBody() }
        await (try? store.client.send(.DELETE, objectKey: foreignUpload.key, query: [("uploadId", foreignUpload.id)], idempotent: true))?
            .discardBody()
        try await store.delete(.original(live))
    }

    static func put(_ key: String, in store: S3BlobStore) async throws {
        let response = try await store.client.send(.PUT, objectKey: key, body: ByteBuffer(bytes: [7, 7]), idempotent: true)
        await response.discardBody()
        try #require(response.status == .ok, "PUT \(key): \(response.status)")
    }

    static func beginMultipartUpload(_ key: String, in store: S3BlobStore) async throws -> (key: String, id: String) {
        let response = try await store.client.send(.POST, objectKey: key, query: [("uploads", "")], idempotent: false)
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        let id = try #require(S3XML.text(of: "UploadId", in: body), "\(response.status)")
        return (key, id)
    }
}
