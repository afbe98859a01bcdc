import Foundation
import GRDB
import KilnCore

extension RoomRecording: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "roomRecording"

    public enum Columns {
        public static let playbackId = Column("playbackId")
        public static let roomId = Column("roomId")
        public static let fileId = Column("fileId")
        public static let position = Column("position")
    }
}

extension RoomID: DatabaseValueConvertible {}
extension PlaybackID: DatabaseValueConvertible {}

/// The `room` table: a room exists from its first registered recording on.
struct RoomRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "room"
    var id: RoomID
    var createdAt: Date
    /// The position of the room's latest recording, removed or not.
    var lastPosition: Int
}
