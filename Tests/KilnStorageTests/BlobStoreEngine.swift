import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore
import Testing

@testable import KilnStorage

/// The blob stores every contract runs against: the data folder always, an S3-compatible bucket
/// when `scripts/test` (or you) put one in `KILN_TEST_S3_*`. Each test gets an empty store of its
/// own: a fresh folder, or a fresh prefix in the bucket, removed afterwards.
enum BlobStoreEngine: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case filesystem, s3

    static var available: [BlobStoreEngine] { s3Location(prefix: "probe/") == nil ? [.filesystem] : [.filesystem, .s3] }

    var testDescription: String { rawValue }

    static func s3Location(prefix: String, secretKey: String? = nil) -> S3Location? {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["KILN_TEST_S3_ENDPOINT"], let bucket = environment["KILN_TEST_S3_BUCKET"],
            let access = environment["KILN_TEST_S3_ACCESS_KEY"], let secret = environment["KILN_TEST_S3_SECRET_KEY"]
        else { return nil }
        return try? S3Location(
            endpoint: endpoint, bucket: bucket, prefix: prefix,
            credentials: SigV4.Credentials(accessKey: access, secretKey: secretKey ?? secret))
    }

    /// `body` gets the store and its local folder (blobs, or the S3 store's scratch space).
    func withStore<T: Sendable>(scratchBytes: Int64 = 1 << 30, _ body: @Sendable (any BlobStore, String) async throws -> T)
        async throws -> T
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-blobs-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        switch self {
        case .filesystem:
            return try await body(try FileSystemBlobStore(root: folder), folder)
        case .s3:
            let location = Self.s3Location(prefix: "test-\(FileID.random().rawValue.prefix(12))/")!
            let store = try await S3BlobStore.open(location, scratchFolder: folder, scratchBytes: scratchBytes)
            do {
                let result = try await body(store, folder)
                try await Self.empty(store)
                return result
            } catch {
                try? await Self.empty(store)
                throw error
            }
        }
    }

    private static func empty(_ store: S3BlobStore) async throws {
        _ = try await store.sweep(sparingWritesWithin: .zero) { _ in [] }
    }
}

/// Helpers the contracts share.
enum BlobTesting {
    static func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter { path in
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    static func collect(_ stream: BlobReadStream) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in stream { bytes += chunk.readableBytesView }
        return bytes
    }

    static func upload(_ bytes: [UInt8], to store: any BlobStore, as key: BlobKey, chunk: Int = 64 * 1024) async throws {
        let upload = try store.beginUpload(of: key)
        try await upload.abortingAfterwards {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + chunk, bytes.count)
                try await upload.write(ByteBuffer(bytes: bytes[offset..<end]))
                offset = end
            }
            try await store.commit(upload)
        }
    }

    static func pattern(_ count: Int, seed: Int = 7) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* seed &+ $0 >> 9) }
    }

    /// Incomplete multipart uploads under the store's prefix; none on disk.
    static func pendingUploads(_ store: any BlobStore) async throws -> Int {
        guard let store = store as? S3BlobStore else { return 0 }
        return try await store.listMultipartUploads().count
    }
}
