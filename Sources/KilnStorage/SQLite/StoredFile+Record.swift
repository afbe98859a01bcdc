import GRDB
import KilnCore

extension StoredFile: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "file"

    public enum Columns {
        public static let id = Column("id")
        public static let status = Column("status")
        public static let type = Column("type")
        public static let isDeleted = Column("isDeleted")
        public static let createdAt = Column("createdAt")
    }
}

extension FileID: DatabaseValueConvertible {}
extension FileType: DatabaseValueConvertible {}
extension AccessType: DatabaseValueConvertible {}
extension FileStatus: DatabaseValueConvertible {}
extension FeedType: DatabaseValueConvertible {}
