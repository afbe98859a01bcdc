import GRDB
import KilnCore

extension TranscodeJob: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "transcodeJob"

    public enum Columns {
        public static let fileId = Column("fileId")
        public static let state = Column("state")
        public static let leaseOwner = Column("leaseOwner")
        public static let leaseExpiresAt = Column("leaseExpiresAt")
        public static let availableAt = Column("availableAt")
        public static let progress = Column("progress")
    }
}

extension TranscodeJob.State: DatabaseValueConvertible {}
