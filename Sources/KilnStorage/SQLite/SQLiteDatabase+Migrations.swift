import GRDB

extension SQLiteDatabase {
    /// Named, append-only: a released migration is never edited, only followed by a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-file") { db in
            try db.create(table: "file") { t in
                t.primaryKey("id", .text)
                t.column("uploaderId", .text).notNull()
                t.column("type", .text).notNull()
                t.column("accessType", .text).notNull()
                t.column("altText", .text)
                t.column("feedType", .text)
                t.column("status", .text).notNull()
                t.column("name", .text).notNull()
                t.column("fileExtension", .text).notNull()
                t.column("mimeType", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("metadata", .jsonText).notNull()
                t.column("customMetadata", .jsonText).notNull()
                t.column("isDeleted", .boolean).notNull().defaults(to: false)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "file_on_status_type", on: "file", columns: ["status", "type", "id"])
        }
        migrator.registerMigration("v2-file-variants") { db in
            try db.alter(table: "file") { t in
                t.add(column: "variants", .jsonText).notNull().defaults(to: "{}")
            }
        }
        migrator.registerMigration("v3-transcode-jobs") { db in
            try db.create(table: "transcodeJob") { t in
                t.primaryKey("fileId", .text).references("file", onDelete: .cascade)
                t.column("state", .text).notNull()
                t.column("attempts", .integer).notNull()
                t.column("leaseOwner", .text)
                t.column("leaseExpiresAt", .datetime)
                t.column("availableAt", .datetime).notNull()
                t.column("progress", .integer).notNull()
                t.column("failureReason", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(index: "transcodeJob_on_state_availableAt", on: "transcodeJob", columns: ["state", "availableAt"])
        }
        migrator.registerMigration("v4-room-recordings") { db in
            try db.create(table: "room") { t in
                t.primaryKey("id", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "roomRecording") { t in
                t.primaryKey("playbackId", .text)
                t.column("roomId", .text).notNull().references("room", onDelete: .cascade)
                t.column("fileId", .text).notNull().references("file", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("startedAt", .datetime)
                t.column("endedAt", .datetime)
                t.column("ownsFile", .boolean).notNull()
                t.column("createdAt", .datetime).notNull()
                t.uniqueKey(["roomId", "position"])
                t.uniqueKey(["roomId", "fileId"])
            }
            try db.create(index: "roomRecording_on_fileId", on: "roomRecording", columns: ["fileId"])
        }
        migrator.registerMigration("v5-room-position-counter") { db in
            try db.alter(table: "room") { t in
                t.add(column: "lastPosition", .integer).notNull().defaults(to: 0)
            }
            try db.execute(
                sql: """
                    UPDATE room SET lastPosition =
                        COALESCE((SELECT MAX(position) FROM roomRecording WHERE roomId = room.id), 0)
                    """)
        }
        migrator.registerMigration("v6-file-newest-first") { db in
            try db.create(index: "file_on_createdAt", on: "file", columns: ["createdAt", "id"])
            try db.create(index: "file_on_status_createdAt", on: "file", columns: ["status", "createdAt", "id"])
        }
        migrator.registerMigration("v7-job-fair-claim") { db in
            // The uploader on the job, so a claim shares workers out between uploaders from the job
            // table alone; when each job was last taken, for "least recently served".
            try db.alter(table: "transcodeJob") { t in
                t.add(column: "uploaderId", .text).notNull().defaults(to: "")
                t.add(column: "leasedAt", .datetime)
            }
            try db.execute(
                sql: "UPDATE transcodeJob SET uploaderId = COALESCE((SELECT uploaderId FROM file WHERE file.id = transcodeJob.fileId), '')")
            try db.create(index: "transcodeJob_on_uploaderId_leasedAt", on: "transcodeJob", columns: ["uploaderId", "leasedAt"])
        }
        migrator.registerMigration("v8-file-stored-bytes") { db in
            // A user's stored bytes (the sum of their live files' sizes) from the index alone.
            try db.create(index: "file_on_uploaderId_isDeleted_size", on: "file", columns: ["uploaderId", "isDeleted", "size"])
        }
        migrator.registerMigration("v9-job-claim-indexes") { db in
            // A claim reads a few index entries per uploader instead of sorting every ready job: each
            // uploader's oldest queued job, its jobs running now (counted), and the leases run out.
            // State leads each index rather than being a partial-index condition, so SQLite's planner
            // picks them without statistics.
            try db.create(
                index: "transcodeJob_on_state_uploaderId_availableAt_createdAt", on: "transcodeJob",
                columns: ["state", "uploaderId", "availableAt", "createdAt"])
            try db.create(
                index: "transcodeJob_on_state_uploaderId_leaseExpiresAt", on: "transcodeJob",
                columns: ["state", "uploaderId", "leaseExpiresAt"])
            try db.create(index: "transcodeJob_on_state_leaseExpiresAt", on: "transcodeJob", columns: ["state", "leaseExpiresAt"])
        }
        migrator.registerMigration("v10-app-settings") { db in
            try db.create(table: "appSetting") { table in
                table.primaryKey("name", .text)
                table.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v11-resumable-uploads") { db in
            try db.create(table: "resumableUpload") { table in
                table.primaryKey("id", .text)
                table.column("fileId", .text).notNull().unique()
                table.column("ownerId", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("fields", .text).notNull()
                table.column("length", .integer)
                table.column("offset", .integer).notNull()
                table.column("bytesRecord", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime).notNull().indexed()
                table.column("finishedAt", .datetime)
                table.column("holder", .text)
                table.column("leaseUntil", .datetime)
                table.column("stopAsked", .boolean).notNull().defaults(to: false)
            }
        }
        return migrator
    }
}
