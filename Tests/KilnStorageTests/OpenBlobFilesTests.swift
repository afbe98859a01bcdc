import Foundation
import KilnCore
import Testing

@testable import KilnStorage

/// The data folder's open-file cache: hot blobs answered without opening them again, never for
/// longer than its lifetime, never past its capacity, and never after a delete.
struct OpenBlobFilesTests {
    func withStore<T>(capacity: Int = 8, _ body: (FileSystemBlobStore, OpenBlobFiles, MonotonicTestClock) async throws -> T)
        async throws -> T
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-open-\(FileID.random())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let clock = MonotonicTestClock()
        let openFiles = OpenBlobFiles(capacity: capacity, lifetime: .seconds(1), now: clock.now)
        return try await body(try FileSystemBlobStore(root: folder, openFiles: openFiles), openFiles, clock)
    }

    @Test func aBlobReadWholeFromMemoryIsKeptOpenAndServedAsASlice() async throws {
        try await withStore { store, openFiles, _ in
            let key = BlobKey.original(.random())
            try await BlobTesting.upload(BlobTesting.pattern(10_000), to: store, as: key)
            let first = try await store.read(key, range: nil)
            #expect(openFiles.count == 1)
            #expect(first.file?.range == 0..<10_000)
            let again = try await store.read(key, range: 100...199)
            #expect(again.file?.range == 100..<200)
            // A consumer that cannot send a slice still gets the bytes by iterating.
            #expect(try await BlobTesting.collect(again) == Array(BlobTesting.pattern(10_000)[100...199]))
        }
    }

    @Test func entriesLastTheirLifetimeAndThePurgeClosesThem() async throws {
        try await withStore { store, openFiles, clock in
            let key = BlobKey.original(.random())
            try await BlobTesting.upload([1, 2, 3], to: store, as: key)
            _ = try await store.read(key, range: nil)
            clock.advance(.milliseconds(999))
            #expect(openFiles.fresh(key) != nil)
            clock.advance(.milliseconds(1))
            #expect(openFiles.fresh(key) == nil)
            _ = try await store.read(key, range: nil)
            #expect(openFiles.count == 1)
            clock.advance(.seconds(2))
            openFiles.purge()
            #expect(openFiles.count == 0)
        }
    }

    @Test func theCacheNeverHoldsMoreThanItsCapacity() async throws {
        try await withStore(capacity: 3) { store, openFiles, clock in
            var keys: [BlobKey] = []
            for index in 0..<5 {
                let key = BlobKey.original(.random())
                keys.append(key)
                try await BlobTesting.upload([UInt8(index)], to: store, as: key)
                _ = try await store.read(key, range: nil)
                clock.advance(.milliseconds(10))
            }
            #expect(openFiles.count == 3)
            // The stalest went first.
            #expect(openFiles.fresh(keys[0]) == nil)
            #expect(openFiles.fresh(keys[4]) != nil)
        }
    }
}
