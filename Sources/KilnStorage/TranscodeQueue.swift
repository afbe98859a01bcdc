import Foundation
import KilnCore

/// A job a worker holds the lease of, with its file.
public struct LeasedJob: Sendable, Equatable {
    public let job: TranscodeJob
    public let file: StoredFile
}

/// The persistent transcoding state machine: uploaded → transcoding → transcoded | transcodeFailed.
/// Every change is one transaction over the job and its file, so the two never disagree.
///
/// Leases and backoffs are dated by the queue's own clock (PostgreSQL's `now()`, the process clock
/// for SQLite), never by the clocks of the nodes that call it, so nodes whose clocks disagree still
/// agree on when a lease ran out.
public protocol TranscodeQueue: Sendable {
    /// Writes the file's row and, in the same transaction, its queued job; idle workers are woken.
    func insertQueued(_ file: StoredFile) async throws
    func transcodeJob(of id: FileID) async throws -> TranscodeJob?
    /// Takes the oldest available job, or one whose lease has expired (its worker died). Each job
    /// is handed to one caller only, however many ask at once.
    func leaseNextJob(owner: String, lease: Duration) async throws -> LeasedJob?
    /// Extends the lease and records progress on the job; false when the lease was lost to another
    /// worker or the file was deleted.
    func renewLease(of id: FileID, owner: String, progress: Int, lease: Duration) async throws -> Bool
    /// Merges what the running job has made so far into the file's measured metadata (its HLS ladder,
    /// as segments are committed); false when the lease was lost or the file was deleted.
    func publish(_ metadata: [String: JSONValue], of id: FileID, owner: String) async throws -> Bool
    /// Records the renditions and marks the file transcoded; false when the lease was lost.
    func completeJob(of id: FileID, owner: String, variants: [String: StoredVariant], metadata: [String: JSONValue])
        async throws -> Bool
    /// A retryable failure is queued again after `backoff` while attempts remain; any other failure,
    /// or the last attempt, marks the file transcodeFailed with the reason.
    func failJob(of id: FileID, owner: String, reason: String, retryable: Bool, backoff: Duration) async throws
        -> TranscodeJob?
    /// Gives a running job back untouched (graceful shutdown): it is taken again at once, and the
    /// interrupted attempt does not count.
    func releaseJob(of id: FileID, owner: String) async throws
    func runningJobs() async throws -> [TranscodeJob]
    /// How many jobs are in each state, every state named (0 when none).
    func jobCounts() async throws -> [TranscodeJob.State: Int]
    /// Ends the lease of a job whose worker is known to be gone (a process that died), so the next
    /// poll takes it again; the attempt it was on still counts.
    func expireLease(of id: FileID, owner: String) async throws
    /// An operator's retry: transcodeFailed → transcoding; with `force`, a stuck transcoding is reset
    /// too, and a transcoded file is made again (its renditions and HLS stay served until the new
    /// ones are recorded): how a library transcoded before HLS existed gains it.
    func retryTranscode(of id: FileID, force: Bool) async throws -> Result<TranscodeJob, TranscodeConflict>
    /// Returns when a job may have been queued (by any node), true, or after `timeout` at the
    /// latest, false.
    @discardableResult
    func waitForQueuedJob(timeout: Duration) async -> Bool
}

extension TranscodeJob.State {
    /// Counts by state from `(state, count)` rows as a store groups them: every state named, 0 when
    /// none, and a state this version does not know left out.
    static func counts(_ rows: [(state: String, count: Int)]) -> [Self: Int] {
        var counts = Dictionary(uniqueKeysWithValues: allCases.map { ($0, 0) })
        for row in rows { if let state = Self(rawValue: row.state) { counts[state] = row.count } }
        return counts
    }
}
