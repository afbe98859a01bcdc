import Foundation

/// The queue entry behind a video, clip or audio file's transcoding. The file's `status` mirrors it:
/// `queued` → uploaded (or transcoding again after a retry), `running` → transcoding, `done` →
/// transcoded, `failed` → transcodeFailed.
public struct TranscodeJob: Sendable, Equatable, Codable {
    public enum State: String, Codable, Sendable, CaseIterable {
        case queued, running, done, failed
    }

    public static let maxAttempts = 3

    public var fileId: FileID
    /// The file's uploader, kept on the job so a claim can share the workers out between uploaders
    /// without reading every file row.
    public var uploaderId: String
    public var state: State
    /// Attempts started so far, the running one included.
    public var attempts: Int
    /// The worker holding the lease while `running`; a lease that expires is taken again.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// When a worker last took the job (kept after it ends): an uploader whose latest job was taken
    /// longest ago is served first.
    public var leasedAt: Date?
    /// A queued job is not taken before this instant (retry backoff).
    public var availableAt: Date
    /// 0–100 while running.
    public var progress: Int
    public var failureReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// Leaves the job held by no worker.
    public mutating func clearLease() {
        leaseOwner = nil
        leaseExpiresAt = nil
    }

    public init(fileId: FileID, uploaderId: String, now: Date) {
        self.fileId = fileId
        self.uploaderId = uploaderId
        self.state = .queued
        self.attempts = 0
        self.availableAt = now
        self.progress = 0
        self.createdAt = now
        self.updatedAt = now
    }
}

/// Why a transcoding state change was refused.
public enum TranscodeConflict: Error, Equatable, Sendable {
    case noSuchFile
    case deleted
    case notTranscodable(FileType)
    case alreadyRunning
    case notFailed(FileStatus)
}
