import Foundation
import KilnCore
import KilnDomain
import KilnStorage

/// `GET /api/v1/rooms/{roomId}/recorded`: a room's playback state in the reference API's shape.
struct RecordedRoomObject: Encodable, Sendable {
    let roomId: String
    let status: RecordedRoomStatus
    /// When the latest recording ended; absent while the room has none.
    let recordedAt: String?
    /// The sum of the recordings' durations.
    let durationSeconds: Double
    /// A signed URL of the best rendition of every playable recording, in the room's order.
    let recordedUrls: [String]
    let recordedPlaybackInfos: [PlaybackInfo]
}

/// One recording of a room, for a player.
struct PlaybackInfo: Encodable, Sendable {
    let playbackId: String
    let fileId: String
    /// A signed watch link, once the recording is playable.
    let url: String?
    /// A signed link to the poster, once there is one.
    let thumbnailUrl: String?
    /// The HLS master playlist with a grant of the recording's HLS tree, once playable (possibly
    /// while still transcoding).
    let hlsUrl: String?
    let durationSeconds: Double?
    let status: FileStatus
    let failureReason: String?
    let startedAt: String?
    let endedAt: String?
}

/// What registering a recording answers: where it sits in its room, and its file.
struct RecordingObject: Encodable, Sendable {
    let roomId: String
    let playbackId: String
    let position: Int
    let startedAt: String?
    let endedAt: String?
    let file: FileObject
}

/// Renders rooms and recordings with signed links; a room's files are always `network`.
struct RoomPresenter: Sendable {
    let files: FilePresenter

    static func watchPath(_ roomId: RoomID, _ playbackId: PlaybackID) -> String {
        "/api/v1/rooms/\(roomId)/recorded/\(playbackId)/watch"
    }

    static func thumbnailPath(_ roomId: RoomID, _ playbackId: PlaybackID) -> String {
        "/api/v1/rooms/\(roomId)/recorded/\(playbackId)/thumbnail"
    }

    func object(for room: RecordedRoom) -> RecordedRoomObject {
        let entries = room.recordings
        return RecordedRoomObject(
            roomId: room.roomId.rawValue,
            status: RecordedRoomStatus(recordings: entries.map(\.file.status)),
            recordedAt: entries.map(\.recording.recordedAt).max().map(FilePresenter.timestamp),
            durationSeconds: entries.compactMap(\.file.durationSeconds).reduce(0, +),
            recordedUrls: entries.compactMap { entry in
                guard entry.file.status == .transcoded else { return nil }
                return RenditionLadder.bestRendition(among: entry.file.variants.keys).map { renditionURL($0, of: entry.file) }
            },
            recordedPlaybackInfos: entries.map(playbackInfo))
    }

    func object(for recording: RoomRecording, file: StoredFile, to audience: FileAudience) -> RecordingObject {
        RecordingObject(
            roomId: recording.roomId.rawValue, playbackId: recording.playbackId.rawValue, position: recording.position,
            startedAt: recording.startedAt.map(FilePresenter.timestamp), endedAt: recording.endedAt.map(FilePresenter.timestamp),
            file: files.object(for: file, to: audience))
    }

    private func playbackInfo(_ entry: RecordedRoom.Entry) -> PlaybackInfo {
        let recording = entry.recording, file = entry.file
        return PlaybackInfo(
            playbackId: recording.playbackId.rawValue,
            fileId: file.id.rawValue,
            url: file.status == .transcoded
                ? files.url(Self.watchPath(recording.roomId, recording.playbackId), query: nil, grant: .exactly) : nil,
            thumbnailUrl: file.variants[StoredVariant.posterName] == nil
                ? nil : files.url(Self.thumbnailPath(recording.roomId, recording.playbackId), query: nil, grant: .exactly),
            hlsUrl: files.hlsURL(of: file, signed: true),
            durationSeconds: file.durationSeconds,
            status: file.status,
            failureReason: file.failureReason,
            startedAt: recording.startedAt.map(FilePresenter.timestamp),
            endedAt: recording.endedAt.map(FilePresenter.timestamp))
    }

    /// A signed download link of one rendition (or the poster) of a room's file, expiring at
    /// `notAfter` at the latest.
    func renditionURL(_ name: String, of file: StoredFile, notAfter: Date? = nil) -> String {
        let query = name == StoredVariant.posterName ? "size=\(name)" : "resolution=\(name)"
        return files.url(FilePresenter.downloadPath(of: file.id), query: query, grant: .exactly, notAfter: notAfter)
    }
}
