import Foundation
import KilnCore
import KilnDecoding
import KilnStorage
import Metrics

/// Kiln's own metrics, made through swift-metrics so the domain does not know who collects them
/// (the node bootstraps Prometheus). Handles are looked up per event, except the per-request byte
/// counters: one made before the metrics system is bootstrapped would stay a no-op.
public enum KilnMeasures {
    /// An upload answered: `type` is what was stored, or what the endpoint takes when refused;
    /// `outcome` is `stored`, `refused` (the client's fault, 4xx) or `failed` (the server's, 5xx).
    public static func upload(type: String, outcome: String) {
        Counter(label: "kiln_uploads_total", dimensions: [("type", type), ("outcome", outcome)]).increment()
    }

    public static func received(bytes: Int) {
        receivedBytes.increment(by: bytes)
    }

    public static func served(bytes: Int64) {
        servedBytes.increment(by: Int(bytes))
    }

    // Counted on every download, so made once; only a node (after it bootstrapped the metrics
    // system) ever serves or receives.
    private static let receivedBytes = Counter(label: "kiln_received_bytes_total")
    private static let servedBytes = Counter(label: "kiln_served_bytes_total")

    /// An image's sizes made (or refused), decode to last encode.
    static func imageProcessing(_ elapsed: Duration, outcome: String) {
        Timer(label: "kiln_image_processing_seconds", dimensions: [("outcome", outcome)]).record(duration: elapsed)
    }

    /// A transcode attempt's end: `outcome` is `transcoded`, `failed` (no attempt left), `retried`,
    /// `released` (shutdown), `lease_lost`, `discarded` or `unrecorded` (the queue could not be
    /// told); `failureClass` is `media` (the source's fault, never retried), `machine` (memory,
    /// disk, storage), `decoder-crashed` or `resource-limit` (the sandboxed decoder's, retried
    /// once), empty when it did not fail.
    static func transcode(_ elapsed: Duration, outcome: String, failureClass: String = "") {
        Timer(label: "kiln_transcode_duration_seconds", dimensions: [("outcome", outcome)]).record(duration: elapsed)
        Counter(label: "kiln_transcodes_total", dimensions: [("outcome", outcome), ("failure_class", failureClass)]).increment()
    }

    /// A sandboxed decoder that crashed or went past a limit, by kind and by the job it was doing.
    static func sandboxFailure(_ failure: SandboxFailure, during job: String) {
        Counter(label: "kiln_sandbox_failures_total", dimensions: [("kind", failure.kind.rawValue), ("job", job)]).increment()
    }

    /// Workers of this process busy with a job and idle.
    static func transcodeWorkers(busy: Int, idle: Int) {
        Gauge(label: "kiln_transcode_workers", dimensions: [("state", "busy")]).record(busy)
        Gauge(label: "kiln_transcode_workers", dimensions: [("state", "idle")]).record(idle)
    }

    /// Jobs in the shared queue by state, as the node last counted them.
    public static func transcodeJobs(_ counts: [TranscodeJob.State: Int]) {
        for (state, count) in counts {
            Gauge(label: "kiln_transcode_jobs", dimensions: [("state", state.rawValue)]).record(count)
        }
    }

    /// A client that took a download or an HLS segment (`body`: `download`, `segment`) slower than the
    /// floor, whose connection was closed.
    public static func slowReaderCut(body: String) {
        Counter(label: "kiln_slow_readers_cut_total", dimensions: [("body", body)]).increment()
    }

    /// A download or segment answered 503 because its proxied-read budget stayed full.
    public static func proxiedReadRefused(body: String) {
        Counter(label: "kiln_proxied_reads_refused_total", dimensions: [("body", body)]).increment()
    }

    /// Reads from the object store being passed through to clients now, by kind of body.
    public static func proxiedReads(body: String, count: Int) {
        Gauge(label: "kiln_proxied_reads", dimensions: [("body", body)]).record(count)
    }

    /// A limit an upload was refused by, as `kiln_upload_refusals_total` labels it.
    public enum UploadLimit: String, Sendable {
        /// `KILN_USER_UPLOADS_IN_FLIGHT`, 429.
        case uploadsInFlight = "uploads_in_flight"
        /// `KILN_USER_BYTES_PER_HOUR`, 429 (413 for one upload larger than the hour's limit).
        case bytesPerHour = "bytes_per_hour"
        /// `KILN_USER_STORED_BYTES`, 507.
        case storedBytes = "stored_bytes"
        /// `KILN_DATA_FREE_BYTES`, 507: the node's disk, not the user.
        case dataFreeBytes = "data_free_bytes"
    }

    /// An upload refused by a fair-use limit or the data folder's free-space floor.
    public static func uploadRefused(by limit: UploadLimit) {
        Counter(label: "kiln_upload_refusals_total", dimensions: [("limit", limit.rawValue)]).increment()
    }

    /// A store that could not be reached, seen by a request or a worker.
    public static func storeUnavailable(_ error: StoreUnavailable) {
        Counter(label: "kiln_store_errors_total", dimensions: [("store", error.store.rawValue)]).increment()
    }
}

extension Metrics.Timer {
    func record(duration: Duration) {
        recordNanoseconds(duration.nanoseconds)
    }
}

extension UploadEndpoint {
    /// The `type` label of an upload refused before Kiln knew what it was.
    public var measuredType: String {
        switch self {
        case .files: FileType.file.rawValue
        case .images: FileType.image.rawValue
        case .videos: FileType.video.rawValue
        case .clips: FileType.clip.rawValue
        }
    }
}
