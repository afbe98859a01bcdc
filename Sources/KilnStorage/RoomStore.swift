import Foundation
import KilnCore

/// A room as Kiln knows it: its recordings in registration order, each with its file. Recordings
/// whose file was deleted are left out.
public struct RecordedRoom: Sendable, Equatable {
    public let roomId: RoomID
    public let recordings: [Entry]

    public struct Entry: Sendable, Equatable {
        public let recording: RoomRecording
        public let file: StoredFile
    }
}

/// A room in a listing: how many recordings it holds now (those whose file was deleted left out,
/// as `recordedRoom` leaves them out).
public struct RoomSummary: Sendable, Equatable {
    public let roomId: RoomID
    public let recordings: Int
    public let createdAt: Date

    public init(roomId: RoomID, recordings: Int, createdAt: Date) {
        self.roomId = roomId
        self.recordings = recordings
        self.createdAt = createdAt
    }
}

/// Why a recording could not be registered.
public enum RoomRegistrationConflict: Error, Sendable, Equatable {
    case noSuchFile
    case notAVideo(FileType)
    case alreadyRegistered(PlaybackID)
}

/// Where the recordings of live rooms are kept.
public protocol RoomStore: Sendable {
    /// Registers a recording of an uploaded file, in one transaction: the room is created if new,
    /// the recording goes after the room's others, and its file becomes `network`.
    func registerRecording(_ recording: RoomRecording) async throws -> Result<RoomRecording, RoomRegistrationConflict>
    /// Writes a just-uploaded file's row, its queued transcode job and its recording in one
    /// transaction, so none exists without the others.
    func insertQueued(_ file: StoredFile, recording: RoomRecording) async throws -> RoomRecording
    /// Nil for a room no recording was ever registered in.
    func recordedRoom(_ id: RoomID) async throws -> RecordedRoom?
    /// Removes one recording and returns it; nil when the room has no such recording. A file that
    /// was uploaded with the recording is marked deleted in the same transaction; its bytes are the
    /// caller's to remove.
    func removeRecording(_ playbackId: PlaybackID, of roomId: RoomID) async throws -> RoomRecording?
    /// Rooms in id order after `after`, at most `limit`: what an operator pages through.
    func listRooms(after: RoomID?, limit: Int) async throws -> [RoomSummary]
    /// Every recording of every room, by room and position: what a move copies.
    func allRecordings() async throws -> [RoomRecording]
    /// Writes a recording as it was elsewhere, position included (the room's count moves past it);
    /// false when it is there already, so a move can be run again.
    func importRecording(_ recording: RoomRecording) async throws -> Bool
}
