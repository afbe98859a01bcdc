import Foundation
import KilnCore

/// A job a worker holds the lease of, with its file.
public struct LeasedJob: Sendable, Equatable {
    public let job: TranscodeJob
    public let file: StoredFile
}

/// The persistent transcoding state machine: uploaded → transcoding → transcoded | transcodeFailed.
/// Every change is one transaction over the job and its file, so the two never disagree.
public protocol TranscodeQueue: Sendable {
    /// Writes the file's row and, in the same transaction, its queued job.
    func insertQueued(_ file: StoredFile) async throws
    func transcodeJob(of id: FileID) async throws -> TranscodeJob?
    /// Takes the oldest available job, or one whose lease has expired (its worker died).
    func leaseNextJob(owner: String, lease: Duration, now: Date) async throws -> LeasedJob?
    /// Extends the lease and records progress; false when the lease was lost to another worker.
    func renewLease(of id: FileID, owner: String, progress: Int, lease: Duration, now: Date) async throws -> Bool
    /// Records the renditions and marks the file transcoded; false when the lease was lost.
    func completeJob(
        of id: FileID, owner: String, variants: [String: StoredVariant], metadata: [String: JSONValue], now: Date
    ) async throws -> Bool
    /// A retryable failure is queued again after `backoff` while attempts remain; any other failure,
    /// or the last attempt, marks the file transcodeFailed with the reason.
    func failJob(of id: FileID, owner: String, reason: String, retryable: Bool, backoff: Duration, now: Date) async throws
        -> TranscodeJob?
    /// Gives a running job back untouched (graceful shutdown): it is taken again at once, and the
    /// interrupted attempt does not count.
    func releaseJob(of id: FileID, owner: String, now: Date) async throws
    func runningJobs() async throws -> [TranscodeJob]
    /// Ends the lease of a job whose worker is known to be gone (a process that died), so the next
    /// poll takes it again; the attempt it was on still counts.
    func expireLease(of id: FileID, owner: String, now: Date) async throws
    /// An operator's retry: transcodeFailed → transcoding; with `force`, a stuck transcoding is reset too.
    func retryTranscode(of id: FileID, force: Bool, now: Date) async throws -> Result<TranscodeJob, TranscodeConflict>
}
