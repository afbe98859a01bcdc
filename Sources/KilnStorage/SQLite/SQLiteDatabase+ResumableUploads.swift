import Foundation
import GRDB
import KilnCore

extension SQLiteDatabase: ResumableUploadStore {
    public func insertResumable(_ upload: ResumableUpload) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO resumableUpload (id, fileId, ownerId, kind, fields, length, offset, bytesRecord, createdAt, expiresAt, finishedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    upload.id.rawValue, upload.fileId.rawValue, upload.ownerId, upload.kind, ResumableFields.encode(upload.fields),
                    upload.length, upload.offset, upload.bytesRecord, upload.createdAt, upload.expiresAt, upload.finishedAt,
                ])
        }
    }

    public func resumable(_ id: ResumableUploadID) async throws -> ResumableUpload? {
        try await writer.read { db in try Self.resumable(id, db) }
    }

    public func claimResumable(_ id: ResumableUploadID, holder: String, until: Date, now: Date) async throws -> ResumableClaim {
        try await writer.write { db in
            guard let upload = try Self.resumable(id, db) else { return .missing }
            try db.execute(
                sql: """
                    UPDATE resumableUpload SET holder = ?, leaseUntil = ?, stopAsked = 0
                    WHERE id = ? AND (holder IS NULL OR leaseUntil <= ? OR holder = ?)
                    """,
                arguments: [holder, until, id.rawValue, now, holder])
            return db.changesCount == 1 ? .claimed(upload) : .held
        }
    }

    public func renewResumable(_ id: ResumableUploadID, holder: String, until: Date) async throws -> Bool? {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE resumableUpload SET leaseUntil = ? WHERE id = ? AND holder = ?", arguments: [until, id.rawValue, holder])
            guard db.changesCount == 1 else { return nil }
            return try Bool.fetchOne(db, sql: "SELECT stopAsked FROM resumableUpload WHERE id = ?", arguments: [id.rawValue]) ?? false
        }
    }

    public func askToStopResumable(_ id: ResumableUploadID) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE resumableUpload SET stopAsked = 1 WHERE id = ? AND holder IS NOT NULL", arguments: [id.rawValue])
        }
    }

    public func recordResumable(_ upload: ResumableUpload, holder: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE resumableUpload SET length = ?, offset = ?, bytesRecord = ?, expiresAt = ?, finishedAt = ?
                    WHERE id = ? AND holder = ?
                    """,
                arguments: [
                    upload.length, upload.offset, upload.bytesRecord, upload.expiresAt, upload.finishedAt, upload.id.rawValue, holder,
                ])
            return db.changesCount == 1
        }
    }

    public func releaseResumable(_ id: ResumableUploadID, holder: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE resumableUpload SET holder = NULL, leaseUntil = NULL, stopAsked = 0 WHERE id = ? AND holder = ?",
                arguments: [id.rawValue, holder])
        }
    }

    public func deleteResumable(_ id: ResumableUploadID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM resumableUpload WHERE id = ?", arguments: [id.rawValue])
        }
    }

    public func expiredResumables(at now: Date, limit: Int) async throws -> [ResumableUpload] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM resumableUpload WHERE expiresAt <= ? ORDER BY expiresAt LIMIT ?", arguments: [now, limit]
            ).map(Self.resumable)
        }
    }

    public func resumingFileIDs(among ids: [FileID], at now: Date) async throws -> Set<FileID> {
        guard !ids.isEmpty else { return [] }
        return try await writer.read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            var arguments: StatementArguments = [now]
            arguments += StatementArguments(ids.map(\.rawValue))
            return Set(
                try String.fetchAll(
                    db, sql: "SELECT fileId FROM resumableUpload WHERE finishedAt IS NULL AND expiresAt > ? AND fileId IN (\(marks))",
                    arguments: arguments
                ).compactMap(FileID.init(rawValue:)))
        }
    }

    private static func resumable(_ id: ResumableUploadID, _ db: Database) throws -> ResumableUpload? {
        try Row.fetchOne(db, sql: "SELECT * FROM resumableUpload WHERE id = ?", arguments: [id.rawValue]).map(resumable)
    }

    private static func resumable(_ row: Row) throws -> ResumableUpload {
        guard let id = ResumableUploadID(rawValue: row["id"]), let fileId = FileID(rawValue: row["fileId"]) else {
            throw DatabaseError(message: "a resumable upload row with a malformed id")
        }
        return ResumableUpload(
            id: id, fileId: fileId, ownerId: row["ownerId"], kind: row["kind"], fields: ResumableFields.decode(row["fields"]),
            length: row["length"], offset: row["offset"], bytesRecord: row["bytesRecord"], createdAt: row["createdAt"],
            expiresAt: row["expiresAt"], finishedAt: row["finishedAt"])
    }
}
