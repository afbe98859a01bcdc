import Foundation
import GRDB
import KilnCore

extension SQLiteDatabase: TranscodeQueue {
    public func insertQueued(_ file: StoredFile) async throws {
        try await writer.write { db in
            try file.insert(db)
            try TranscodeJob(fileId: file.id, uploaderId: file.uploaderId, now: file.createdAt).insert(db)
        }
        changes.publish(.file(file.id))
        wakeups.signal()
    }

    @discardableResult
    public func waitForQueuedJob(timeout: Duration) async -> Bool {
        await wakeups.wait(timeout: timeout)
    }

    public func transcodeJob(of id: FileID) async throws -> TranscodeJob? {
        try await writer.read { db in try TranscodeJob.fetchOne(db, key: id.rawValue) }
    }

    public func leaseNextJob(owner: String, lease: Duration) async throws -> LeasedJob? {
        let now = clock.now()
        let (leased, failed) = try await writer.write { db -> (LeasedJob?, [FileID]) in
            var failed: [FileID] = []
            while let candidate = try TranscodeJob.fetchOne(db.cachedStatement(sql: Self.fairClaimSQL), arguments: ["now": now]) {
                var job = candidate
                guard var file = try StoredFile.fetchOne(db, key: job.fileId.rawValue), !file.isDeleted else {
                    try job.delete(db)
                    continue
                }
                // A job whose worker died in every attempt is not tried forever.
                if job.state == .running, job.attempts >= TranscodeJob.maxAttempts {
                    try Self.markFailed(&job, &file, reason: "the worker stopped during each of \(job.attempts) attempts", now: now, db)
                    failed.append(file.id)
                    continue
                }
                job.state = .running
                job.attempts += 1
                job.leaseOwner = owner
                job.leaseExpiresAt = now.addingTimeInterval(lease.seconds)
                job.leasedAt = now
                job.progress = 0
                job.updatedAt = now
                try job.update(db)
                if file.status != .transcoding {
                    file.status = .transcoding
                    file.updatedAt = now
                    try file.update(db)
                }
                return (LeasedJob(job: job, file: file.showing(progress: 0)), failed)
            }
            return (nil, failed)
        }
        for id in failed + [leased?.file.id].compactMap({ $0 }) { changes.publish(.file(id)) }
        return leased
    }

    /// The next job, shared out between uploaders: among those with a job ready (queued and due, or
    /// running with its lease run out), the uploader with the fewest jobs running now, then the one
    /// whose latest job was taken longest ago (never is longest), then that uploader's oldest job. One
    /// uploader's fifty queued videos thus delay another's one by at most one job per worker.
    ///
    /// Only each uploader's oldest ready job can win, so the candidates are each uploader's oldest
    /// queued job (a walk over the uploaders with a queued job, one index seek each) when it is due,
    /// and every job whose lease ran out (few); the jobs running now and the latest claim are then
    /// looked up once per uploader (`v9-job-claim-indexes`), never by sorting every ready job.
    static let fairClaimSQL = """
        WITH RECURSIVE queuedUploader(uploaderId) AS (
            SELECT (SELECT uploaderId FROM transcodeJob WHERE state = 'queued' ORDER BY uploaderId LIMIT 1)
            UNION ALL
            SELECT (SELECT j.uploaderId FROM transcodeJob j WHERE j.state = 'queued' AND j.uploaderId > q.uploaderId
                    ORDER BY j.uploaderId LIMIT 1)
            FROM queuedUploader q WHERE q.uploaderId IS NOT NULL
        ), ready AS (
            SELECT j.fileId, j.uploaderId, j.availableAt, j.createdAt FROM queuedUploader q
            JOIN transcodeJob j ON j.fileId = (
                SELECT fileId FROM transcodeJob WHERE state = 'queued' AND uploaderId = q.uploaderId
                ORDER BY availableAt, createdAt LIMIT 1)
            WHERE j.availableAt <= :now
            UNION ALL
            SELECT fileId, uploaderId, availableAt, createdAt FROM transcodeJob WHERE state = 'running' AND leaseExpiresAt <= :now
        ), oldest AS (
            SELECT *, row_number() OVER (PARTITION BY uploaderId ORDER BY availableAt, createdAt) AS position FROM ready
        )
        SELECT j.* FROM oldest o JOIN transcodeJob j USING (fileId)
        WHERE o.position = 1
        ORDER BY
            (SELECT count(*) FROM transcodeJob b
             WHERE b.state = 'running' AND b.uploaderId = o.uploaderId AND b.leaseExpiresAt > :now),
            (SELECT s.leasedAt FROM transcodeJob s WHERE s.uploaderId = o.uploaderId ORDER BY s.leasedAt DESC LIMIT 1),
            o.availableAt, o.createdAt
        LIMIT 1
        """

    public func renewLease(of id: FileID, owner: String, progress: Int, lease: Duration) async throws -> Bool {
        let now = clock.now()
        let result = try await writer.write { db in
            guard var (job, _) = try Self.heldJob(id, owner: owner, db) else { return false }
            job.progress = min(100, max(0, progress))
            job.leaseExpiresAt = now.addingTimeInterval(lease.seconds)
            job.updatedAt = now
            try job.update(db)
            return true
        }
        changes.publish(.file(id))
        return result
    }

    public func publish(_ metadata: [String: JSONValue], of id: FileID, owner: String) async throws -> Bool {
        let now = clock.now()
        let result = try await writer.write { db in
            guard var (_, file) = try Self.heldJob(id, owner: owner, db) else { return false }
            file.metadata.merge(metadata) { _, new in new }
            file.updatedAt = now
            try file.update(db)
            return true
        }
        changes.publish(.file(id))
        return result
    }

    public func completeJob(
        of id: FileID, owner: String, variants: [String: StoredVariant], metadata: [String: JSONValue]
    ) async throws -> Bool {
        let now = clock.now()
        let result = try await writer.write { db in
            guard var (job, file) = try Self.heldJob(id, owner: owner, db) else { return false }
            job.state = .done
            job.progress = 100
            job.clearLease()
            job.failureReason = nil
            job.updatedAt = now
            try job.update(db)
            file.status = .transcoded
            file.variants.merge(variants) { _, new in new }
            file.metadata.merge(metadata) { _, new in new }
            file.metadata["progress"] = nil
            file.metadata["failureReason"] = nil
            file.updatedAt = now
            try file.update(db)
            return true
        }
        changes.publish(.file(id))
        return result
    }

    public func failJob(of id: FileID, owner: String, reason: String, retryable: Bool, backoff: Duration)
        async throws -> TranscodeJob?
    {
        let now = clock.now()
        let result = try await writer.write { db -> TranscodeJob? in
            guard var (job, file) = try Self.heldJob(id, owner: owner, db) else { return nil }
            if retryable, job.attempts < TranscodeJob.maxAttempts {
                job.state = .queued
                job.clearLease()
                job.availableAt = now.addingTimeInterval(backoff.seconds)
                job.failureReason = reason
                job.updatedAt = now
                try job.update(db)
            } else {
                try Self.markFailed(&job, &file, reason: reason, now: now, db)
            }
            return job
        }
        changes.publish(.file(id))
        return result
    }

    public func releaseJob(of id: FileID, owner: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            guard var (job, _) = try Self.heldJob(id, owner: owner, db) else { return }
            job.state = .queued
            job.attempts = max(0, job.attempts - 1)
            job.clearLease()
            job.availableAt = now
            job.updatedAt = now
            try job.update(db)
        }
        wakeups.signal()
    }

    public func runningJobs() async throws -> [TranscodeJob] {
        try await writer.read { db in
            try TranscodeJob.filter(TranscodeJob.Columns.state == TranscodeJob.State.running.rawValue).fetchAll(db)
        }
    }

    public func jobCounts() async throws -> [TranscodeJob.State: Int] {
        TranscodeJob.State.counts(
            try await writer.read { db in
                try Row.fetchAll(db, sql: "SELECT state, count(*) FROM \(TranscodeJob.databaseTableName) GROUP BY state").map { row in
                    (row[0] as String, row[1] as Int)
                }
            })
    }

    public func expireLease(of id: FileID, owner: String) async throws {
        let now = clock.now()
        try await writer.write { db in
            guard var (job, _) = try Self.heldJob(id, owner: owner, db) else { return }
            job.leaseExpiresAt = now
            job.updatedAt = now
            try job.update(db)
        }
    }

    public func retryTranscode(of id: FileID, force: Bool) async throws -> Result<TranscodeJob, TranscodeConflict> {
        let now = clock.now()
        let result: Result<TranscodeJob, TranscodeConflict> = try await writer.write { db in
            guard var file = try StoredFile.fetchOne(db, key: id.rawValue) else { return .failure(.noSuchFile) }
            guard !file.isDeleted else { return .failure(.deleted) }
            guard file.type.isTranscoded else { return .failure(.notTranscodable(file.type)) }
            switch file.status {
            case .transcodeFailed: break
            case .uploaded, .transcoding: guard force else { return .failure(.alreadyRunning) }
            case .transcoded: guard force else { return .failure(.notFailed(file.status)) }
            }
            var job = try TranscodeJob.fetchOne(db, key: id.rawValue) ?? TranscodeJob(fileId: id, uploaderId: file.uploaderId, now: now)
            job.state = .queued
            job.attempts = 0
            job.clearLease()
            job.availableAt = now
            job.progress = 0
            job.failureReason = nil
            job.updatedAt = now
            try job.save(db)
            file.status = .transcoding
            file.metadata["failureReason"] = nil
            file.metadata["progress"] = nil
            file.updatedAt = now
            try file.update(db)
            return .success(job)
        }
        if case .success = result {
            changes.publish(.file(id))
            wakeups.signal()
        }
        return result
    }

    /// The running job `owner` holds the lease of, with its file; none once the file is deleted.
    private static func heldJob(_ id: FileID, owner: String, _ db: Database) throws -> (TranscodeJob, StoredFile)? {
        guard let job = try TranscodeJob.fetchOne(db, key: id.rawValue), job.state == .running, job.leaseOwner == owner,
            let file = try StoredFile.fetchOne(db, key: id.rawValue), !file.isDeleted
        else { return nil }
        return (job, file)
    }

    private static func markFailed(_ job: inout TranscodeJob, _ file: inout StoredFile, reason: String, now: Date, _ db: Database)
        throws
    {
        job.state = .failed
        job.clearLease()
        job.failureReason = reason
        job.updatedAt = now
        try job.update(db)
        file.status = .transcodeFailed
        file.metadata["failureReason"] = .string(reason)
        file.metadata["progress"] = nil
        file.updatedAt = now
        try file.update(db)
    }
}
