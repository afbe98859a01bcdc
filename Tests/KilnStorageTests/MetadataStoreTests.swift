import Foundation
import KilnCore
import KilnStorage
import Testing

/// The `MetadataStore` contract, on every engine.
struct MetadataStoreTests {
    static func file(_ type: FileType = .file, status: FileStatus = .uploaded) -> StoredFile {
        let now = Date(timeIntervalSince1970: 1_700_000_000.5)
        return StoredFile(
            id: .random(), uploaderId: "alice", type: type, accessType: .public, altText: "a cat",
            feedType: .post, status: status, name: "cat.jpg", fileExtension: "jpg", mimeType: "image/jpeg",
            size: 1234, metadata: ["width": 640, "height": 480], customMetadata: ["album": "holidays"],
            createdAt: now, updatedAt: now)
    }

    /// The per-user quota's measure: the uploaded sizes of that user's live files, on any node.
    @Test(arguments: StoreEngine.available)
    func storedBytesAreTheSumOfAUsersLiveFiles(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let database = stores.files
            #expect(try await database.storedBytes(of: "alice") == 0)
            var files: [StoredFile] = []
            for (user, size) in [("alice", 1000), ("alice", 2500), ("bob", 7), ("alice", 40)] as [(String, Int64)] {
                var file = Self.file()
                file.uploaderId = user
                file.size = size
                try await database.insert(file)
                files.append(file)
            }
            #expect(try await database.storedBytes(of: "alice") == 3540)
            #expect(try await database.storedBytes(of: "bob") == 7)
            _ = try await database.markDeleted(id: files[1].id)
            #expect(try await database.storedBytes(of: "alice") == 1040)
            #expect(try await database.storedBytes(of: "carol") == 0)
        }
    }

    @Test(arguments: StoreEngine.available)
    func aFileRoundTripsThroughItsRow(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let database = stores.files
            let file = Self.file()
            try await database.insert(file)
            #expect(try await database.file(id: file.id) == file)
            #expect(try await database.file(id: .random()) == nil)
        }
    }

    @Test(arguments: StoreEngine.available)
    func updatesApplyToLiveRowsOnly(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let database = stores.files
            let file = Self.file()
            try await database.insert(file)
            let updated = try await database.updateFile(id: file.id) { $0.altText = "a dog" }
            #expect(updated?.altText == "a dog")
            #expect(updated!.updatedAt > file.updatedAt)
            #expect(try await database.markDeleted(id: file.id)?.isDeleted == true)
            #expect(try await database.updateFile(id: file.id) { $0.altText = "again" } == nil)
            #expect(try await database.markDeleted(id: file.id) == nil)
            #expect(try await database.file(id: file.id)?.isDeleted == true)
        }
    }

    @Test(arguments: StoreEngine.available)
    func listingIsNewestFirstAndPagesByCursor(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let database = stores.files
            // Uploaded a second apart, oldest first, except that the last two share a moment.
            let videos = [0, 1, 2, 3, 3].map { second in
                var file = Self.file(.video, status: .transcodeFailed)
                file.createdAt = file.createdAt.addingTimeInterval(Double(second))
                file.updatedAt = file.createdAt
                return file
            }
            for file in videos + [Self.file(.image), Self.file(.video, status: .transcoded)] { try await database.insert(file) }

            var seen: [FileID] = []
            var reads = 0
            var query = FileListQuery(status: .transcodeFailed, type: .video, limit: 2)
            while true {
                let page = try await database.filePage(query)
                reads += 1
                seen += page.items.map(\.id)
                guard let last = page.lastBeforeMore else { break }
                query.after = last.id
            }
            let newestFirst = videos.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }
            #expect(seen == newestFirst.map(\.id))
            #expect(reads == 3)
            #expect(try await database.listFiles(FileListQuery(type: .image)).count == 1)
        }
    }

    @Test(arguments: StoreEngine.available)
    func aFullLastPageSaysNoMoreFollow(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let files = (0..<4).map { _ in Self.file() }
            for file in files { try await stores.files.insert(file) }
            let first = try await stores.files.filePage(FileListQuery(limit: 2))
            let second = try await stores.files.filePage(FileListQuery(limit: 2, after: try #require(first.lastBeforeMore).id))
            #expect(second.items.count == 2)
            #expect(second.lastBeforeMore == nil)
            #expect(Set((first.items + second.items).map(\.id)) == Set(files.map(\.id)))
            #expect(try await stores.files.allFiles(FileListQuery(limit: 3)).count == 4)
        }
    }

    @Test(arguments: StoreEngine.available)
    func liveIDsExcludeDeletedAndUnknownFiles(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let database = stores.files
            let kept = Self.file(), deleted = Self.file()
            try await database.insert(kept)
            try await database.insert(deleted)
            _ = try await database.markDeleted(id: deleted.id)
            #expect(try await database.liveFileIDs(among: [kept.id, deleted.id, .random()]) == [kept.id])
        }
    }
}
