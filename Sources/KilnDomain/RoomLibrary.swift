import Foundation
import KilnCore
import KilnStorage
import Logging

/// Room recordings behind the HTTP API: register one (uploaded with it, or already uploaded),
/// read a room back, remove one.
public struct RoomLibrary: Sendable {
    let rooms: any RoomStore
    public let files: FileLibrary
    let clock: WallClock
    public let logger: Logger

    /// Stores an uploaded recording as a `network` video whose row, transcode job and registration
    /// are written in one transaction.
    public func register(
        upload received: ReceivedUpload, in roomId: RoomID, window: (startedAt: Date?, endedAt: Date?), by caller: Identity
    ) async throws(APIError) -> RecordedRoom.Entry {
        let playbackId = PlaybackID.random()
        _ = try await files.store(received, from: caller, via: .videos, accessType: .network) { file in
            _ = try await rooms.insertQueued(
                file,
                recording: RoomRecording(
                    playbackId: playbackId, roomId: roomId, fileId: file.id, startedAt: window.startedAt,
                    endedAt: window.endedAt, ownsFile: true, createdAt: file.createdAt))
        }
        return try await recording(playbackId, in: roomId)
    }

    /// Registers a video uploaded earlier; it becomes `network`, as every recording is. Only its
    /// owner, or a caller speaking for them, may do that (`RoomAccess`); the uploader never changes,
    /// so checking before the registration's own transaction leaves no gap.
    public func register(
        file id: FileID, in roomId: RoomID, window: (startedAt: Date?, endedAt: Date?), by caller: Identity,
        actingFor userId: String?
    ) async throws(APIError) -> RecordedRoom.Entry {
        try RoomAccess.checkRegistration(of: try await files.file(id), in: roomId, by: caller, actingFor: userId)
        let registration = RoomRecording(
            roomId: roomId, fileId: id, startedAt: window.startedAt, endedAt: window.endedAt, ownsFile: false,
            createdAt: clock.now())
        let result: Result<RoomRecording, RoomRegistrationConflict>
        do { result = try await rooms.registerRecording(registration) } catch { throw logger.internalError("cannot register \(id)", error) }
        switch result {
        case .success(let registered):
            return try await recording(registered.playbackId, in: roomId)
        case .failure(.noSuchFile):
            throw APIError.notFound("no file with id \(id)")
        case .failure(.notAVideo(let type)):
            throw APIError.conflict("file \(id) is of type \(type.rawValue); only a video can be a recording")
        case .failure(.alreadyRegistered(let playbackId)):
            throw APIError.conflict("file \(id) is already recording \(playbackId) of room \(roomId)")
        }
    }

    public func room(_ id: RoomID) async throws(APIError) -> RecordedRoom {
        let room: RecordedRoom?
        do { room = try await rooms.recordedRoom(id) } catch { throw logger.internalError("cannot read room \(id)", error) }
        guard let room else { throw APIError.notFound("no room with id \(id)") }
        return room
    }

    public func recording(_ playbackId: PlaybackID, in roomId: RoomID) async throws(APIError) -> RecordedRoom.Entry {
        guard let entry = try await room(roomId).recordings.first(where: { $0.recording.playbackId == playbackId }) else {
            throw APIError.notFound("room \(roomId) has no recording \(playbackId)")
        }
        return entry
    }

    /// Removes a recording; a file uploaded with it goes too (its row in the same transaction, then
    /// its bytes), while a file registered by id stays the uploader's.
    public func remove(_ playbackId: PlaybackID, of roomId: RoomID) async throws(APIError) {
        let removed: RoomRecording?
        do {
            removed = try await rooms.removeRecording(playbackId, of: roomId)
        } catch {
            throw logger.internalError("cannot remove recording \(playbackId)", error)
        }
        guard let removed else { throw APIError.notFound("room \(roomId) has no recording \(playbackId)") }
        if removed.ownsFile { await files.removeBytes(of: removed.fileId) }
    }
}
