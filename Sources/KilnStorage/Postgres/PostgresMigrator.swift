import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// Brings a PostgreSQL schema up to date: named, append-only migrations, each applied once, in
/// one transaction that holds an advisory lock, so nodes starting together wait for each other
/// instead of racing. A released migration is never edited, only followed by a new one.
enum PostgresMigrator {
    /// Any number the other users of the database do not take; "kiln" in ASCII.
    static let lockKey: Int64 = 0x6B69_6C6E

    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1-files-jobs-rooms",
            [
                """
                CREATE TABLE file (
                    id text PRIMARY KEY,
                    uploader_id text NOT NULL,
                    type text NOT NULL,
                    access_type text NOT NULL,
                    alt_text text,
                    feed_type text,
                    status text NOT NULL,
                    name text NOT NULL,
                    file_extension text NOT NULL,
                    mime_type text NOT NULL,
                    size bigint NOT NULL,
                    metadata jsonb NOT NULL,
                    custom_metadata jsonb NOT NULL,
                    variants jsonb NOT NULL,
                    is_deleted boolean NOT NULL DEFAULT false,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX file_on_status_type ON file (status, type, id)",
                """
                CREATE TABLE transcode_job (
                    file_id text PRIMARY KEY REFERENCES file (id) ON DELETE CASCADE,
                    state text NOT NULL,
                    attempts integer NOT NULL,
                    lease_owner text,
                    lease_expires_at timestamptz,
                    available_at timestamptz NOT NULL,
                    progress integer NOT NULL,
                    failure_reason text,
                    created_at timestamptz NOT NULL,
                    updated_at timestamptz NOT NULL
                )
                """,
                "CREATE INDEX transcode_job_queued ON transcode_job (available_at) WHERE state = 'queued'",
                "CREATE INDEX transcode_job_running ON transcode_job (lease_expires_at) WHERE state = 'running'",
                """
                CREATE TABLE room (
                    id text PRIMARY KEY,
                    created_at timestamptz NOT NULL,
                    last_position integer NOT NULL DEFAULT 0
                )
                """,
                """
                CREATE TABLE room_recording (
                    playback_id text PRIMARY KEY,
                    room_id text NOT NULL REFERENCES room (id) ON DELETE CASCADE,
                    file_id text NOT NULL REFERENCES file (id) ON DELETE CASCADE,
                    position integer NOT NULL,
                    started_at timestamptz,
                    ended_at timestamptz,
                    owns_file boolean NOT NULL,
                    created_at timestamptz NOT NULL,
                    UNIQUE (room_id, position),
                    UNIQUE (room_id, file_id)
                )
                """,
                "CREATE INDEX room_recording_on_file_id ON room_recording (file_id)",
            ]
        ),
        (
            "v2-file-newest-first",
            [
                "CREATE INDEX file_on_created_at ON file (created_at, id)",
                "CREATE INDEX file_on_status_created_at ON file (status, created_at, id)",
            ]
        ),
        (
            // The uploader on the job, so a claim shares workers out between uploaders from the job
            // table alone; when each job was last taken, for "least recently served".
            "v3-job-fair-claim",
            [
                "ALTER TABLE transcode_job ADD COLUMN uploader_id text",
                "ALTER TABLE transcode_job ADD COLUMN leased_at timestamptz",
                "UPDATE transcode_job j SET uploader_id = f.uploader_id FROM file f WHERE f.id = j.file_id",
                "UPDATE transcode_job SET uploader_id = '' WHERE uploader_id IS NULL",
                "ALTER TABLE transcode_job ALTER COLUMN uploader_id SET NOT NULL",
                "CREATE INDEX transcode_job_on_uploader_leased_at ON transcode_job (uploader_id, leased_at)",
            ]
        ),
        (
            // A user's stored bytes (the sum of their live files' sizes) from the index alone.
            "v4-file-stored-bytes",
            ["CREATE INDEX file_live_on_uploader ON file (uploader_id) INCLUDE (size) WHERE NOT is_deleted"]
        ),
        (
            // A claim reads a few index entries per uploader instead of sorting every ready job: each
            // uploader's queued jobs oldest first, and its running jobs by lease (counted; run out).
            "v5-job-claim-indexes",
            [
                "CREATE INDEX transcode_job_queued_on_uploader ON transcode_job (uploader_id, available_at, created_at) WHERE state = 'queued'",
                "CREATE INDEX transcode_job_running_on_uploader ON transcode_job (uploader_id, lease_expires_at) WHERE state = 'running'",
            ]
        ),
        (
            // Settings every node applies alike (the app's upload rules), as JSON by name.
            "v6-app-settings",
            ["CREATE TABLE app_setting (name TEXT PRIMARY KEY, value TEXT NOT NULL)"]
        ),
        (
            // tus uploads between requests: any node resumes one at the byte it reached.
            "v7-resumable-uploads",
            [
                """
                CREATE TABLE resumable_upload (
                    id text PRIMARY KEY, file_id text NOT NULL UNIQUE, owner_id text NOT NULL, kind text NOT NULL,
                    fields text NOT NULL, length bigint, "offset" bigint NOT NULL, bytes_record text,
                    created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL, finished_at timestamptz,
                    holder text, lease_until timestamptz, stop_asked boolean NOT NULL DEFAULT false)
                """,
                "CREATE INDEX resumable_upload_on_expires_at ON resumable_upload (expires_at)",
            ]
        ),
    ]

    /// Connects on its own (the pool runs later, with the service) and applies what is missing.
    /// A server that cannot be reached is a `StoreUnavailable` saying why, never with the password.
    @discardableResult
    static func migrate(_ location: DatabaseLocation, timeout: Duration, logger: Logger) async throws -> [String] {
        let configuration = try location.connectionConfiguration(timeout: timeout)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw StoreUnavailable(
                "cannot connect to the database at \(location): \(tlsReason(error, location) ?? reason(error))", store: .database)
        }
        defer { Task { try? await connection.close() } }
        do {
            return try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS kiln_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL)",
                    logger: logger)
                var applied = Set<String>()
                for try await name in try await connection.query("SELECT name FROM kiln_migration", logger: logger)
                    .decode(String.self)
                {
                    applied.insert(name)
                }
                var newlyApplied: [String] = []
                for migration in migrations where !applied.contains(migration.name) {
                    for statement in migration.sql {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO kiln_migration (name, applied_at) VALUES (\(migration.name), now())", logger: logger)
                    newlyApplied.append(migration.name)
                }
                return newlyApplied
            }
        } catch {
            throw StoreUnavailable("cannot bring the schema of \(location) up to date: \(reason(error))", store: .database)
        }
    }

    /// What went wrong in the TLS handshake, in the URL's own terms: which setting to look at.
    static func tlsReason(_ error: any Error, _ location: DatabaseLocation) -> String? {
        guard let error = error as? PSQLError else { return nil }
        if error.code == .sslUnsupported {
            return "the server does not accept TLS, which sslmode=\(location.tls.mode.rawValue) requires"
        }
        if let extra = error.underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate does not name \(location.host) (sslmode=verify-full checks the host name)"
        }
        if case .handshakeFailed(let cause)? = error.underlying as? NIOSSLError {
            if "\(cause)".contains("CERTIFICATE_VERIFY_FAILED") {
                let trusted = location.tls.rootCertificatePath.map { "sslrootcert (\($0)) trusts" } ?? "the system trusts (no sslrootcert)"
                return "the server's certificate is not signed by an authority \(trusted)"
            }
            return "the TLS handshake failed: \(cause)"
        }
        return nil
    }

    /// What the server or the socket said, without the query text or connection settings.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            return reason(error.beginError ?? error.closureError ?? error.commitError ?? error.rollbackError ?? error)
        }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        if let refused = error.underlying as? NIOConnectionError,
            let socketError = refused.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first
        {
            return String(cString: strerror(socketError.errnoCode)).lowercased()
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
