import Foundation
import KilnCore
import PostgresNIO

/// The queue on PostgreSQL. A claim is one transaction that takes the next available job
/// (`ReadyUploaders`, then `OldestReadyJob`) with `FOR UPDATE SKIP LOCKED`, so concurrent claimers
/// never wait on or take the same job; every lease and backoff is dated with the server's `now()`.
extension PostgresDatabase: TranscodeQueue {
    public func insertQueued(_ file: StoredFile) async throws {
        try await transaction { connection in
            try await self.insertRow(file, connection)
            try await self.insertQueuedJob(of: file, connection)
        }
    }

    /// The job of a file just inserted, and the `NOTIFY` that wakes idle workers once it commits.
    func insertQueuedJob(of file: StoredFile, _ connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO transcode_job (file_id, uploader_id, state, attempts, available_at, progress, created_at, updated_at)
            VALUES (\(file.id.rawValue), \(file.uploaderId), 'queued', 0, now(), 0, now(), now())
            """, logger: logger)
        try await notifyQueued(connection)
    }

    func notifyQueued(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(Self.jobQueuedChannel), '')", logger: logger)
    }

    @discardableResult
    public func waitForQueuedJob(timeout: Duration) async -> Bool {
        await wakeups.wait(timeout: timeout)
    }

    public func transcodeJob(of id: FileID) async throws -> TranscodeJob? {
        try await rows("SELECT \(unescaped: PostgresRows.jobColumns) FROM transcode_job WHERE file_id = \(id.rawValue)")
            .first.map(PostgresRows.job)
    }

    public func leaseNextJob(owner: String, lease: Duration) async throws -> LeasedJob? {
        try await transaction { connection -> LeasedJob? in
            while let candidate = try await self.lockedFairCandidate(connection) {
                guard var file = try await self.lockedFile(candidate.fileId, connection), !file.isDeleted else {
                    try await connection.query(
                        "DELETE FROM transcode_job WHERE file_id = \(candidate.fileId.rawValue)", logger: self.logger)
                    continue
                }
                // A job whose worker died in every attempt is not tried forever.
                if candidate.state == .running, candidate.attempts >= TranscodeJob.maxAttempts {
                    _ = try await self.markFailed(
                        &file, reason: "the worker stopped during each of \(candidate.attempts) attempts", connection)
                    continue
                }
                let job = try await self.updatedJob(
                    """
                    UPDATE transcode_job SET state = 'running', attempts = attempts + 1, lease_owner = \(owner),
                        lease_expires_at = now() + make_interval(secs => \(lease.seconds)), leased_at = now(), progress = 0,
                        updated_at = now()
                    WHERE file_id = \(candidate.fileId.rawValue)
                    RETURNING \(unescaped: PostgresRows.jobColumns)
                    """, connection)
                if file.status != .transcoding {
                    file.status = .transcoding
                    try await self.updateRow(file, connection)
                } else {
                    // The progress it shows starts again.
                    try await self.notifyFileChanged(file.id, connection)
                }
                return LeasedJob(job: job, file: file.showing(progress: 0))
            }
            return nil
        }
    }

    /// The next job, shared out between uploaders, locked: among those with a job ready (queued and
    /// due, or running with its lease run out), the uploader with the fewest jobs running now, then the
    /// one whose latest job was taken longest ago (never is longest), then that uploader's oldest job.
    /// One uploader's fifty queued videos thus delay another's one by at most one job per worker. Ready
    /// jobs another claimer holds are skipped, never waited for: when they are all an uploader's ready
    /// jobs, the next uploader in that order is served.
    private func lockedFairCandidate(_ connection: PostgresConnection) async throws -> TranscodeJob? {
        var uploaders: [String] = []
        for try await uploader in try await connection.execute(ReadyUploaders(), logger: logger) {
            uploaders.append(uploader)
        }
        for uploader in uploaders {
            var locked: TranscodeJob?
            for try await job in try await connection.execute(OldestReadyJob(uploader: uploader), logger: logger) {
                locked = job
            }
            if let locked { return locked }
        }
        return nil
    }

    public func renewLease(of id: FileID, owner: String, progress: Int, lease: Duration) async throws -> Bool {
        defer { changes.publish(.file(id)) }
        return try await !rows(
            """
            UPDATE transcode_job j SET progress = \(min(100, max(0, progress))),
                lease_expires_at = now() + make_interval(secs => \(lease.seconds)), updated_at = now()
            FROM file f
            WHERE j.file_id = \(id.rawValue) AND j.state = 'running' AND j.lease_owner = \(owner)
              AND f.id = j.file_id AND NOT f.is_deleted
            RETURNING j.file_id, pg_notify(\(Self.fileChangedChannel), j.file_id)
            """
        ).isEmpty
    }

    public func publish(_ metadata: [String: JSONValue], of id: FileID, owner: String) async throws -> Bool {
        try await transaction { connection in
            guard var file = try await self.heldJobFile(id, owner: owner, connection) else { return false }
            file.metadata.merge(metadata) { _, new in new }
            try await self.updateRow(file, connection)
            return true
        }
    }

    public func completeJob(of id: FileID, owner: String, variants: [String: StoredVariant], metadata: [String: JSONValue])
        async throws -> Bool
    {
        try await transaction { connection in
            guard var file = try await self.heldJobFile(id, owner: owner, connection) else { return false }
            try await connection.query(
                """
                UPDATE transcode_job SET state = 'done', progress = 100, lease_owner = NULL, lease_expires_at = NULL,
                    failure_reason = NULL, updated_at = now()
                WHERE file_id = \(id.rawValue)
                """, logger: self.logger)
            file.status = .transcoded
            file.variants.merge(variants) { _, new in new }
            file.metadata.merge(metadata) { _, new in new }
            file.metadata["failureReason"] = nil
            try await self.updateRow(file, connection)
            return true
        }
    }

    public func failJob(of id: FileID, owner: String, reason: String, retryable: Bool, backoff: Duration) async throws
        -> TranscodeJob?
    {
        try await transaction { connection -> TranscodeJob? in
            guard var file = try await self.heldJobFile(id, owner: owner, connection) else { return nil }
            guard let attempts = try await self.transcodeJobAttempts(id, connection),
                retryable, attempts < TranscodeJob.maxAttempts
            else {
                return try await self.markFailed(&file, reason: reason, connection)
            }
            return try await self.updatedJob(
                """
                UPDATE transcode_job SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL,
                    available_at = now() + make_interval(secs => \(backoff.seconds)), failure_reason = \(reason),
                    updated_at = now()
                WHERE file_id = \(id.rawValue)
                RETURNING \(unescaped: PostgresRows.jobColumns)
                """, connection)
        }
    }

    public func releaseJob(of id: FileID, owner: String) async throws {
        try await transaction { connection in
            let released = try await connection.query(
                """
                UPDATE transcode_job SET state = 'queued', attempts = GREATEST(0, attempts - 1), lease_owner = NULL,
                    lease_expires_at = NULL, available_at = now(), updated_at = now()
                WHERE file_id = \(id.rawValue) AND state = 'running' AND lease_owner = \(owner)
                RETURNING file_id
                """, logger: self.logger
            ).collect()
            if !released.isEmpty { try await self.notifyQueued(connection) }
        }
    }

    public func runningJobs() async throws -> [TranscodeJob] {
        try await rows("SELECT \(unescaped: PostgresRows.jobColumns) FROM transcode_job WHERE state = 'running'")
            .map(PostgresRows.job)
    }

    public func jobCounts() async throws -> [TranscodeJob.State: Int] {
        TranscodeJob.State.counts(
            try await rows("SELECT state, count(*) FROM transcode_job GROUP BY state").map { row in
                try row.decode((String, Int).self)
            })
    }

    public func expireLease(of id: FileID, owner: String) async throws {
        _ = try await rows(
            """
            UPDATE transcode_job SET lease_expires_at = now(), updated_at = now()
            WHERE file_id = \(id.rawValue) AND state = 'running' AND lease_owner = \(owner)
            """)
    }

    public func retryTranscode(of id: FileID, force: Bool) async throws -> Result<TranscodeJob, TranscodeConflict> {
        try await transaction { connection -> Result<TranscodeJob, TranscodeConflict> in
            // Job before file, the order a claim locks them in.
            _ = try await connection.query(
                "SELECT file_id FROM transcode_job WHERE file_id = \(id.rawValue) FOR UPDATE", logger: self.logger
            ).collect()
            guard var file = try await self.lockedFile(id, connection) else { return .failure(.noSuchFile) }
            guard !file.isDeleted else { return .failure(.deleted) }
            guard file.type.isTranscoded else { return .failure(.notTranscodable(file.type)) }
            switch file.status {
            case .transcodeFailed: break
            case .uploaded, .transcoding: guard force else { return .failure(.alreadyRunning) }
            case .transcoded: guard force else { return .failure(.notFailed(file.status)) }
            }
            let job = try await self.updatedJob(
                """
                INSERT INTO transcode_job (file_id, uploader_id, state, attempts, available_at, progress, created_at, updated_at)
                VALUES (\(id.rawValue), \(file.uploaderId), 'queued', 0, now(), 0, now(), now())
                ON CONFLICT (file_id) DO UPDATE SET state = 'queued', attempts = 0, lease_owner = NULL,
                    lease_expires_at = NULL, available_at = now(), progress = 0, failure_reason = NULL, updated_at = now()
                RETURNING \(unescaped: PostgresRows.jobColumns)
                """, connection)
            file.status = .transcoding
            file.metadata["failureReason"] = nil
            try await self.updateRow(file, connection)
            try await self.notifyQueued(connection)
            return .success(job)
        }
    }

    /// The live file of the running job `owner` holds the lease of, job and file locked; nil when
    /// the lease was lost or the file deleted.
    private func heldJobFile(_ id: FileID, owner: String, _ connection: PostgresConnection) async throws -> StoredFile? {
        let held = try await connection.query(
            """
            SELECT file_id FROM transcode_job
            WHERE file_id = \(id.rawValue) AND state = 'running' AND lease_owner = \(owner)
            FOR UPDATE
            """, logger: logger
        ).collect()
        guard !held.isEmpty, let file = try await lockedFile(id, connection), !file.isDeleted else { return nil }
        return file
    }

    private func transcodeJobAttempts(_ id: FileID, _ connection: PostgresConnection) async throws -> Int? {
        try await connection.query("SELECT attempts FROM transcode_job WHERE file_id = \(id.rawValue)", logger: logger)
            .collect().first?.decode(Int.self)
    }

    private func markFailed(_ file: inout StoredFile, reason: String, _ connection: PostgresConnection) async throws
        -> TranscodeJob
    {
        let job = try await updatedJob(
            """
            UPDATE transcode_job SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL,
                failure_reason = \(reason), updated_at = now()
            WHERE file_id = \(file.id.rawValue)
            RETURNING \(unescaped: PostgresRows.jobColumns)
            """, connection)
        file.status = .transcodeFailed
        file.metadata["failureReason"] = .string(reason)
        try await updateRow(file, connection)
        return job
    }

    private func updatedJob(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> TranscodeJob {
        guard let row = try await connection.query(query, logger: logger).collect().first else {
            throw UnreadableRow("the job row was not returned")
        }
        return try PostgresRows.job(row)
    }
}

/// The uploaders with a job ready, in the order they are served. Only an uploader's oldest ready job
/// decides its place, so the candidates are each uploader's oldest queued job (a walk over the
/// uploaders with a queued job, one index seek each) when it is due, and every job whose lease ran out
/// (few); the jobs running now and the latest claim are looked up once per uploader
/// (`v5-job-claim-indexes`), never by sorting every ready job. Prepared once per connection, as
/// `OldestReadyJob` is: planning them took longer than running them.
struct ReadyUploaders: PostgresPreparedStatement {
    static let sql = """
        WITH RECURSIVE head AS (
            (SELECT uploader_id, available_at, created_at FROM transcode_job WHERE state = 'queued'
             ORDER BY uploader_id, available_at, created_at LIMIT 1)
            UNION ALL
            SELECT n.* FROM head h CROSS JOIN LATERAL (
                SELECT uploader_id, available_at, created_at FROM transcode_job
                WHERE state = 'queued' AND uploader_id > h.uploader_id
                ORDER BY uploader_id, available_at, created_at LIMIT 1
            ) n
        )
        SELECT uploader_id FROM (
            SELECT DISTINCT ON (uploader_id) uploader_id, available_at, created_at FROM (
                SELECT uploader_id, available_at, created_at FROM head WHERE available_at <= now()
                UNION ALL
                SELECT uploader_id, available_at, created_at FROM transcode_job
                WHERE state = 'running' AND lease_expires_at <= now()
            ) ready
            ORDER BY uploader_id, available_at, created_at
        ) oldest
        ORDER BY
            (SELECT count(*) FROM transcode_job b
             WHERE b.state = 'running' AND b.uploader_id = oldest.uploader_id AND b.lease_expires_at > now()),
            (SELECT max(s.leased_at) FROM transcode_job s WHERE s.uploader_id = oldest.uploader_id) NULLS FIRST,
            available_at, created_at
        """

    func makeBindings() -> PostgresBindings { PostgresBindings() }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// The uploader's oldest ready job that no other claimer holds, locked. Its oldest unheld queued job
/// and its oldest unheld job whose lease ran out are each locked, then the older is taken; the other
/// (there is rarely one: leases seldom run out) stays locked until the claim commits.
struct OldestReadyJob: PostgresPreparedStatement {
    static let sql = """
        WITH queued AS (
            SELECT \(PostgresRows.jobColumns) FROM transcode_job
            WHERE state = 'queued' AND uploader_id = $1 AND available_at <= now()
            ORDER BY available_at, created_at
            LIMIT 1 FOR UPDATE SKIP LOCKED
        ), run_out AS (
            SELECT \(PostgresRows.jobColumns) FROM transcode_job
            WHERE state = 'running' AND uploader_id = $1 AND lease_expires_at <= now()
            ORDER BY available_at, created_at
            LIMIT 1 FOR UPDATE SKIP LOCKED
        )
        SELECT * FROM queued UNION ALL SELECT * FROM run_out
        ORDER BY available_at, created_at
        LIMIT 1
        """

    var uploader: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(uploader)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> TranscodeJob { try PostgresRows.job(row) }
}
