import Foundation

/// A live room's identifier, chosen by the room service: 1 to 128 letters, digits, `-`, `_`, `.` or `:`.
public struct RoomID: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable {
    public static let maxLength = 128
    public let rawValue: String

    public init?(rawValue: String) {
        guard (1...Self.maxLength).contains(rawValue.utf8.count), rawValue.utf8.allSatisfy(Self.isAllowed) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
            true
        default: false
        }
    }
}

/// What a player asks for to watch one recording of a room.
public struct PlaybackID: HexIdentifier {
    public let rawValue: String

    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// One recording a room service registered: a `network` video file, in the room's order.
public struct RoomRecording: Sendable, Equatable, Codable {
    public var playbackId: PlaybackID
    public var roomId: RoomID
    public var fileId: FileID
    /// 1 for a room's first registered recording, then counting up; never reused in a room.
    public var position: Int
    /// When the live session behind the recording started and ended, as the room service says.
    public var startedAt: Date?
    public var endedAt: Date?
    /// Whether the file was uploaded with the registration, so removing the recording removes the file.
    public var ownsFile: Bool
    public var createdAt: Date

    public init(
        playbackId: PlaybackID = .random(), roomId: RoomID, fileId: FileID, position: Int = 0, startedAt: Date? = nil,
        endedAt: Date? = nil, ownsFile: Bool, createdAt: Date
    ) {
        self.playbackId = playbackId
        self.roomId = roomId
        self.fileId = fileId
        self.position = position
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.ownsFile = ownsFile
        self.createdAt = createdAt
    }

    /// When the recording was over: its `endedAt`, else when it was registered.
    public var recordedAt: Date { endedAt ?? createdAt }
}

/// A room's playback state in the reference API's words.
public enum RecordedRoomStatus: String, Sendable, Codable {
    /// Recordings are still on their way to playable (or there are none).
    case ended
    /// Every recording can be played.
    case recorded
    /// A recording failed to transcode.
    case error

    /// A failure anywhere wins; otherwise the room is recorded once every recording is transcoded.
    public init(recordings statuses: [FileStatus]) {
        if statuses.contains(.transcodeFailed) {
            self = .error
        } else if !statuses.isEmpty, statuses.allSatisfy({ $0 == .transcoded }) {
            self = .recorded
        } else {
            self = .ended
        }
    }
}

extension RoomRecording {
    /// The `startedAt` and `endedAt` a room service sends: ISO 8601 instants with a time zone, with
    /// or without fractional seconds; an end before the start is refused.
    public static func validatedWindow(startedAt: String?, endedAt: String?) throws(RuleViolation)
        -> (startedAt: Date?, endedAt: Date?)
    {
        let started = try startedAt.map { text throws(RuleViolation) in try instant(text, named: "startedAt") }
        let ended = try endedAt.map { text throws(RuleViolation) in try instant(text, named: "endedAt") }
        if let started, let ended, ended < started { throw RuleViolation("endedAt must not be before startedAt") }
        return (started, ended)
    }

    private static func instant(_ text: String, named field: String) throws(RuleViolation) -> Date {
        let precise = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        guard let date = (try? precise.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) else {
            throw RuleViolation("\(field) must be an ISO 8601 date and time, like 2026-11-25T18:30:00Z")
        }
        return date
    }
}
