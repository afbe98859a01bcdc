import Foundation
import KilnCore
import KilnStorage
import Testing

/// The `RoomStore` contract, on every engine.
struct RoomStoreTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let room = RoomID(rawValue: "room-1")!

    static func recording(of file: FileID, ownsFile: Bool = false) -> RoomRecording {
        RoomRecording(roomId: room, fileId: file, ownsFile: ownsFile, createdAt: now)
    }

    static func video(access: AccessType = .public) -> StoredFile {
        var file = TranscodeQueueTests.video()
        file.accessType = access
        return file
    }

    @Test(arguments: StoreEngine.available)
    func recordingsKeepTheirOrderAndTheirFilesBecomeNetwork(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let first = Self.video(), second = Self.video()
            try await stores.files.insert(first)
            try await stores.files.insert(second)
            #expect(try await stores.rooms.recordedRoom(Self.room) == nil)

            let one = try await stores.rooms.registerRecording(Self.recording(of: first.id)).get()
            let two = try await stores.rooms.registerRecording(Self.recording(of: second.id)).get()
            #expect(one.position == 1)
            #expect(two.position == 2)
            #expect(try await stores.files.file(id: first.id)?.accessType == .network)

            let uploaded = Self.video(access: .network)
            let three = try await stores.rooms.insertQueued(uploaded, recording: Self.recording(of: uploaded.id, ownsFile: true))
            #expect(three.position == 3)
            #expect(try await stores.queue.transcodeJob(of: uploaded.id)?.state == .queued)

            let room = try #require(try await stores.rooms.recordedRoom(Self.room))
            #expect(room.recordings.map(\.recording.playbackId) == [one.playbackId, two.playbackId, three.playbackId])
            #expect(room.recordings.map(\.file.id) == [first.id, second.id, uploaded.id])
        }
    }

    @Test(arguments: StoreEngine.available)
    func roomsAreListedInIdOrderWithTheirRecordingsCounted(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            #expect(try await stores.rooms.listRooms(after: nil, limit: 10).isEmpty)
            var removable: RoomRecording?
            for (name, count) in [("room-b", 2), ("room-a", 1), ("room-c", 1)] {
                for _ in 0..<count {
                    let file = Self.video()
                    try await stores.files.insert(file)
                    let recording = RoomRecording(roomId: RoomID(rawValue: name)!, fileId: file.id, ownsFile: false, createdAt: Self.now)
                    let registered = try await stores.rooms.registerRecording(recording).get()
                    if name == "room-c" { removable = registered }
                }
            }
            _ = try await stores.rooms.removeRecording(try #require(removable).playbackId, of: RoomID(rawValue: "room-c")!)
            // A recording whose file was deleted is not counted, as the room leaves it out.
            let deleted = try #require(try await stores.rooms.recordedRoom(RoomID(rawValue: "room-b")!)?.recordings.first?.file)
            _ = try await stores.files.markDeleted(id: deleted.id)
            let first = try await stores.rooms.listRooms(after: nil, limit: 2)
            #expect(first.map(\.roomId.rawValue) == ["room-a", "room-b"])
            #expect(first.map(\.recordings) == [1, 1])
            #expect(first.first?.createdAt == Self.now)
            let rest = try await stores.rooms.listRooms(after: first.last?.roomId, limit: 2)
            #expect(rest.map(\.roomId.rawValue) == ["room-c"])
            #expect(rest.map(\.recordings) == [0])
        }
    }

    @Test(arguments: StoreEngine.available)
    func registrationsAreRefusedForMissingFilesOtherTypesAndTwice(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let video = Self.video()
            var image = Self.video()
            image.type = .image
            try await stores.files.insert(video)
            try await stores.files.insert(image)
            let registered = try await stores.rooms.registerRecording(Self.recording(of: video.id)).get()
            #expect(try await stores.rooms.registerRecording(Self.recording(of: video.id)) == .failure(.alreadyRegistered(registered.playbackId)))
            #expect(try await stores.rooms.registerRecording(Self.recording(of: image.id)) == .failure(.notAVideo(.image)))
            #expect(try await stores.rooms.registerRecording(Self.recording(of: .random())) == .failure(.noSuchFile))
        }
    }

    @Test(arguments: StoreEngine.available)
    func removingARecordingDeletesOnlyAFileUploadedWithItAndNeverReusesItsPosition(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            let named = Self.video()
            try await stores.files.insert(named)
            let byId = try await stores.rooms.registerRecording(Self.recording(of: named.id)).get()
            let uploaded = Self.video(access: .network)
            let withUpload = try await stores.rooms.insertQueued(uploaded, recording: Self.recording(of: uploaded.id, ownsFile: true))

            #expect(try await stores.rooms.removeRecording(withUpload.playbackId, of: Self.room) == withUpload)
            #expect(try await stores.files.file(id: uploaded.id)?.isDeleted == true)
            #expect(try await stores.rooms.removeRecording(withUpload.playbackId, of: Self.room) == nil)
            #expect(try await stores.rooms.removeRecording(byId.playbackId, of: RoomID(rawValue: "other")!) == nil)

            let again = Self.video()
            try await stores.files.insert(again)
            #expect(try await stores.rooms.registerRecording(Self.recording(of: again.id)).get().position == 3)

            #expect(try await stores.rooms.removeRecording(byId.playbackId, of: Self.room) == byId)
            #expect(try await stores.files.file(id: named.id)?.isDeleted == false)
            #expect(try await stores.rooms.recordedRoom(Self.room)?.recordings.map(\.file.id) == [again.id])
        }
    }

    @Test(arguments: StoreEngine.available)
    func recordingsRegisteredAtOnceOnTwoNodesGetDistinctPositions(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let files = (0..<24).map { _ in Self.video() }
            for file in files { try await first.files.insert(file) }
            let positions = try await withThrowingTaskGroup(of: Int.self) { group in
                for (index, file) in files.enumerated() {
                    let node = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await node.rooms.registerRecording(Self.recording(of: file.id)).get().position }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(positions.sorted() == Array(1...files.count))
        }
    }

    @Test(arguments: StoreEngine.available)
    func importedRecordingsKeepTheirPositionsAndTheCountGoesOnAfterThem(_ engine: StoreEngine) async throws {
        try await engine.withStores { stores in
            var imported: [RoomRecording] = []
            for position in [1, 2, 5] {
                let file = Self.video(access: .network)
                try await stores.files.insert(file)
                var recording = Self.recording(of: file.id)
                recording.position = position
                #expect(try await stores.rooms.importRecording(recording))
                #expect(try await !stores.rooms.importRecording(recording))
                imported.append(recording)
            }
            #expect(try await stores.rooms.allRecordings() == imported)
            #expect(try await stores.rooms.recordedRoom(Self.room)?.recordings.map(\.recording.position) == [1, 2, 5])
            let next = Self.video()
            try await stores.files.insert(next)
            #expect(try await stores.rooms.registerRecording(Self.recording(of: next.id)).get().position == 6)
        }
    }
}
