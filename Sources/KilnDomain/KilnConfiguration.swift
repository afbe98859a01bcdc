import Foundation
import KilnCore
import KilnDecoding
import KilnStorage
import Logging

/// Everything `buildApplication` needs to serve; `kiln serve` fills it from flags and the environment.
public struct KilnConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// Base of every URL Kiln hands out (`fileUrl`, `signedUrl`), e.g. behind a proxy.
    public var publicURL: String
    public var jwtSecret: JWTSecret
    public var signedURLLifetime: Duration
    public var limits: UploadLimits
    public var transcoding: TranscodeSettings
    /// Stamps rows, signs URLs, issues and checks tokens, dates leases.
    public var clock: WallClock
    public var connections: ConnectionLimits
    public var downloads: DownloadLimits
    /// Measures how fast clients take downloads (the download floor); monotonic, unlike `clock`, so a
    /// step of the system's clock never cuts a download. Tests move it.
    public var downloadClock: any Clock<Duration>
    public var imageWork: ImageWorkSettings
    /// The bounded pool that probes uploaded videos and audio and finds their posters.
    public var mediaWork: MediaWorkSettings
    /// Where libav decodes uploads, and the limits it decodes them under.
    public var sandbox: SandboxSettings
    /// `postgres://user:password@host:port/database` for a database several nodes share; nil keeps
    /// the embedded SQLite database in the data folder.
    public var databaseURL: String?
    public var role: NodeRole
    /// How long a temporary or unreferenced blob must have gone unwritten before the start-up sweep
    /// removes it: longer than any live upload or transcode goes without writing.
    public var sweepGrace: Duration
    /// Where bytes live: the data folder, or an S3-compatible bucket several machines share.
    public var blobStore: BlobStoreChoice
    /// Local disk an object store may use at once for uploads arriving and sources being processed.
    public var scratchBytes: Int64
    /// Free bytes the data folder's disk keeps (`KILN_DATA_FREE_BYTES`): an upload that would leave
    /// less is 507 before the disk is full; 0 keeps none. For the data folder only (an object store's
    /// node has `scratchBytes`).
    public var dataFreeBytes: Int64
    /// What one user may upload and keep (`KILN_USER_*`).
    public var fairUse: FairUseLimits
    /// One log line per request answered (`KILN_ACCESS_LOG`).
    public var logsRequests: Bool
    /// A Stream app's credentials: with them, Stream's server SDKs upload through `/api/v2`.
    public var stream: StreamCredentials?
    /// How long tus uploads are kept unfinished (`KILN_TUS_EXPIRY`).
    public var resumable: ResumableSettings

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String, publicURL: String? = nil,
        jwtSecret: JWTSecret, signedURLLifetime: Duration = .seconds(3600), limits: UploadLimits = .default,
        transcoding: TranscodeSettings = TranscodeSettings(), clock: WallClock = .system,
        connections: ConnectionLimits = ConnectionLimits(), downloads: DownloadLimits = DownloadLimits(),
        downloadClock: any Clock<Duration> = ContinuousClock(), imageWork: ImageWorkSettings = ImageWorkSettings(),
        mediaWork: MediaWorkSettings = MediaWorkSettings(), sandbox: SandboxSettings = SandboxSettings(),
        databaseURL: String? = nil, role: NodeRole = .all, sweepGrace: Duration = .seconds(600),
        blobStore: BlobStoreChoice = .dataFolder, scratchBytes: Int64 = 8 << 30, dataFreeBytes: Int64 = 1 << 30,
        fairUse: FairUseLimits = .default, logsRequests: Bool = true, stream: StreamCredentials? = nil,
        resumable: ResumableSettings = ResumableSettings()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.publicURL = (publicURL ?? "http://\(host):\(port)").trimmingTrailingSlashes()
        self.jwtSecret = jwtSecret
        self.signedURLLifetime = signedURLLifetime
        self.limits = limits
        self.transcoding = transcoding
        self.clock = clock
        self.connections = connections
        self.downloads = downloads
        self.downloadClock = downloadClock
        self.imageWork = imageWork
        self.mediaWork = mediaWork
        self.sandbox = sandbox
        self.databaseURL = databaseURL
        self.role = role
        self.sweepGrace = sweepGrace
        self.blobStore = blobStore
        self.scratchBytes = scratchBytes
        self.dataFreeBytes = dataFreeBytes
        self.fairUse = fairUse
        self.logsRequests = logsRequests
        self.stream = stream
        self.resumable = resumable
    }

    public var databasePath: String { dataDirectory + "/kiln.sqlite" }

    /// The blob store this configuration names; a bucket is checked before it is used.
    public func openBlobStore() async throws -> any BlobStore {
        switch blobStore {
        case .dataFolder:
            return try FileSystemBlobStore(root: blobFolder, freeSpaceFloor: dataFreeBytes)
        case .s3(let location, _):
            return try await S3BlobStore.open(
                location, scratchFolder: dataDirectory + "/scratch", scratchBytes: scratchBytes, clock: clock)
        }
    }

    /// The stores on the engine this configuration names, their schema brought up to date.
    public func openStores(logger: Logger) async throws -> Stores {
        try await Stores.open(databaseURL: databaseURL, sqlitePath: databasePath, clock: clock, logger: logger)
    }
    public var blobFolder: String { dataDirectory + "/blobs" }
}

/// Where a node keeps bytes.
public enum BlobStoreChoice: Sendable {
    /// `<data>/blobs`, the zero-setup default.
    case dataFolder
    /// A bucket; with `redirectDownloads`, downloads answer 302 to a presigned URL of the object.
    case s3(S3Location, redirectDownloads: Bool)

    /// Whether downloads that are not redirected pass through the node from a store over the network,
    /// each holding one of the store client's connections while it streams.
    public var proxiesReads: Bool {
        if case .s3 = self { return true }
        return false
    }

    public var redirectsDownloads: Bool {
        if case .s3(_, let redirects) = self { return redirects }
        return false
    }
}

/// What one process does: `all` is a whole single node; several machines run `api` nodes behind a
/// load balancer and a pool of `worker` nodes.
public enum NodeRole: String, Sendable, CaseIterable {
    /// Serves the HTTP API and transcodes.
    case all
    /// Serves the HTTP API; never transcodes.
    case api
    /// Transcodes; serves only `/healthz`.
    case worker

    public var servesAPI: Bool { self != .worker }
    public var transcodes: Bool { self != .api }
}

/// What one HTTP connection may cost the server.
public struct ConnectionLimits: Sendable {
    /// A connection that sends nothing for this long (no request, or a request body that stalls) is
    /// closed; a slow upload that keeps sending is not.
    public var idleTimeout: Duration
    /// The request line and headers together; over it the answer is 431.
    public var maxHeaderBytes: Int

    public init(idleTimeout: Duration = .seconds(30), maxHeaderBytes: Int = 64 * 1024) {
        self.idleTimeout = idleTimeout
        self.maxHeaderBytes = maxHeaderBytes
    }
}

/// What a body Kiln streams to a client (a download, an HLS segment) may cost the node while it goes.
public struct DownloadLimits: Sendable {
    /// The slowest a client may take it once the grace is over; slower, its connection is closed and
    /// what the body held (an S3 connection, an open file) let go.
    public var floor: DownloadFloor
    /// Downloads that may be read from an object store at once, each holding one of its 64
    /// connections; HLS segments have as many of their own. Past it a download waits up to
    /// `proxiedReadPatience` for one to end, then is answered 503. The rest of the 64 are always left to
    /// uploads, HEADs, deletes and the workers' source copies.
    public var proxiedReads: Int

    /// Two budgets (downloads and segments) of at most 24 leave at least 16 of the 64 connections.
    public static let proxiedReadsRange = 1...24
    /// How long a download waits for a proxied read to end: reads of a healthy store end in
    /// milliseconds; a budget full for longer is held by slow readers, which only the floor frees.
    public static let proxiedReadPatience: Duration = .seconds(1)

    public init(minimumRate: Int64 = 8 * 1024, grace: Duration = .seconds(30), proxiedReads: Int = 16) {
        floor = DownloadFloor(bytesPerSecond: minimumRate, grace: grace)
        self.proxiedReads = proxiedReads
    }
}

/// The bounded pool that decodes and encodes images.
public struct ImageWorkSettings: Sendable {
    /// Images processed at once, one libvips thread each.
    public var workers: Int
    /// Images that may wait for a worker; past that an image upload is answered 503 with Retry-After.
    public var queueLimit: Int

    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, queueLimit: Int = 64) {
        self.workers = workers
        self.queueLimit = queueLimit
    }
}

/// The bounded pool that probes uploaded media and finds video posters, apart from file I/O.
public struct MediaWorkSettings: Sendable {
    /// Probes and posters run at once.
    public var workers: Int
    /// Uploads that may wait for one; past that a video or audio upload is answered 503 with Retry-After.
    public var queueLimit: Int

    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, queueLimit: Int = 64) {
        self.workers = workers
        self.queueLimit = queueLimit
    }
}

/// How the transcoding workers of one process run.
public struct TranscodeSettings: Sendable {
    /// Jobs transcoded at once by this process; 0 runs none (an upload-only node).
    public var workers: Int
    /// How long a job stays leased without a heartbeat before another worker may take it.
    public var lease: Duration
    public var heartbeat: Duration
    /// How often an idle worker looks for a job, and so how soon an expired lease is taken again.
    public var pollInterval: Duration
    /// Wait before a transient failure's next attempt, times the attempts so far.
    public var retryBackoff: Duration

    /// The heartbeat defaults to every 5 s, or a third of a shorter lease, so one late beat never
    /// loses a live worker its job.
    public init(
        workers: Int = 1, lease: Duration = .seconds(60), heartbeat: Duration? = nil,
        pollInterval: Duration = .seconds(1), retryBackoff: Duration = .seconds(30)
    ) {
        self.workers = workers
        self.lease = lease
        self.heartbeat = heartbeat ?? min(.seconds(5), lease / 3)
        self.pollInterval = pollInterval
        self.retryBackoff = retryBackoff
    }
}

extension TranscodeSettings {
    /// How long a worker waits after failing to reach the queue `failures` times in a row: doubling
    /// from the poll interval up to 10 s, so a database that is back is used again within seconds.
    func backoff(afterFailures failures: Int) -> Duration {
        min(pollInterval * (1 << min(failures, 10)), .seconds(10))
    }
}

extension String {
    func trimmingTrailingSlashes() -> String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
