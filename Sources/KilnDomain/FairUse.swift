import Foundation
import HTTPTypes
import KilnCore
import KilnStorage
import Logging
import Synchronization

/// Per-user limits on uploads, checked where they cost least: uploads in flight and the hour's
/// bytes (from `Content-Length`) before the body is read, the hour's bytes again as the body
/// streams, stored bytes before the body (from `Content-Length`) and again before the bytes are
/// committed. Admin and service tokens are not limited.
///
/// Uploads in flight and the hour's bytes are counted by each node on its own; stored bytes come
/// from the metadata store, so they hold across nodes.
public final class FairUse: Sendable {
    public let limits: FairUseLimits
    let store: any MetadataStore
    let clock: WallClock
    let logger: Logger
    let inFlight = PerUserGate()
    let hourly = HourlyByteLedger()

    public init(limits: FairUseLimits, store: any MetadataStore, clock: WallClock, logger: Logger) {
        self.limits = limits
        self.store = store
        self.clock = clock
        self.logger = logger
    }

    static func isExempt(_ caller: Identity) -> Bool { caller.role == .admin || caller.role == .service }

    /// Admits one upload of `caller`'s, or throws the refusal (429, 413 or 507) before its body is
    /// read. The allowance must be ended, whatever happens, to free its place.
    public func admit(_ caller: Identity, declaredBytes: Int64?) async throws(APIError) -> UploadAllowance {
        guard !Self.isExempt(caller) else { return UploadAllowance(fairUse: nil, user: caller.userId) }
        let user = caller.userId
        if let capacity = limits.uploadsInFlight, !inFlight.tryEnter(user, capacity: capacity) {
            throw Self.refusal(
                .uploadsInFlight, APIError(.tooManyRequests, "you have the \(capacity) uploads in progress a user may have at once; wait for one to finish"),
                retryAfter: .seconds(1))
        }
        let allowance = UploadAllowance(fairUse: self, user: user)
        do throws(APIError) {
            if let declaredBytes, declaredBytes > 0 { try allowance.checkHour(declaredBytes) }
            try await checkStored(of: user, adding: declaredBytes ?? 0)
        } catch {
            allowance.end()
            throw error
        }
        return allowance
    }

    /// Refuses when `user`'s live files and `adding` bytes more would pass the stored-bytes quota,
    /// or when their files already fill it.
    func checkStored(of user: String, adding bytes: Int64) async throws(APIError) {
        guard let quota = limits.storedBytes else { return }
        let stored: Int64
        do { stored = try await store.storedBytes(of: user) } catch { throw logger.internalError("cannot read the stored bytes of \(user)", error) }
        guard stored + bytes > quota || stored >= quota else { return }
        // RFC 4331: a quota that a request would pass is 507 Insufficient Storage.
        throw Self.refusal(
            .storedBytes,
            APIError(
                .insufficientStorage,
                "your files hold \(stored) of the \(quota) bytes you may store; this upload does not fit; delete files to make room"))
    }

    /// Counts one refusal in `kiln_upload_refusals_total`, with `Retry-After` when given.
    static func refusal(_ limit: KilnMeasures.UploadLimit, _ error: APIError, retryAfter: Duration? = nil) -> APIError {
        KilnMeasures.uploadRefused(by: limit)
        var error = error
        if let retryAfter { error.extraHeaders[.retryAfter] = "\(max(1, retryAfter.wholeSeconds))" }
        return error
    }
}

/// One admitted upload: meters its body against the hour's bytes as it streams, checks the quota
/// before its bytes are committed, and holds its place among the user's uploads in flight until
/// ended.
public final class UploadAllowance: Sendable {
    let fairUse: FairUse?
    let user: String
    private let state = Mutex((counted: Int64(0), ended: false))

    init(fairUse: FairUse?, user: String) {
        self.fairUse = fairUse
        self.user = user
    }

    /// No limit applies (an admin's or a service's upload).
    public static let unlimited = UploadAllowance(fairUse: nil, user: "")

    /// Counts `bytes` of the body just received against the hour; 429 with `Retry-After` once the
    /// hour's bytes would pass the limit, 413 when this upload alone is larger than it.
    public func count(_ bytes: Int) throws(APIError) {
        guard let fairUse, let limit = fairUse.limits.bytesPerHour, bytes > 0 else { return }
        let counted = state.withLock { $0.counted }
        if counted + Int64(bytes) > limit { throw Self.largerThanAnHour(limit) }
        if let wait = fairUse.hourly.count(Int64(bytes), for: user, limit: limit, at: fairUse.clock.now()) {
            throw FairUse.refusal(.bytesPerHour, Self.hourSpent(limit), retryAfter: wait)
        }
        state.withLock { $0.counted += Int64(bytes) }
    }

    /// Before the body: refuses an upload whose declared length would pass the hour's limit.
    func checkHour(_ declared: Int64) throws(APIError) {
        guard let fairUse, let limit = fairUse.limits.bytesPerHour else { return }
        if declared > limit { throw Self.largerThanAnHour(limit) }
        // Asked without counting: the bytes are counted as they arrive.
        if let wait = fairUse.hourly.wait(toFit: declared, for: user, limit: limit, at: fairUse.clock.now()) {
            throw FairUse.refusal(.bytesPerHour, Self.hourSpent(limit), retryAfter: wait)
        }
    }

    /// Once the body is read: refuses bytes that would pass the user's stored-bytes quota.
    public func checkStored(adding bytes: Int64) async throws(APIError) {
        guard let fairUse else { return }
        try await fairUse.checkStored(of: user, adding: bytes)
    }

    /// Frees the upload's place; safe to call more than once.
    public func end() {
        guard let fairUse, fairUse.limits.uploadsInFlight != nil else { return }
        let wasEnded = state.withLock { state in
            defer { state.ended = true }
            return state.ended
        }
        if !wasEnded { fairUse.inFlight.leave(user) }
    }

    private static func hourSpent(_ limit: Int64) -> APIError {
        APIError(.tooManyRequests, "you have uploaded the \(limit) bytes you may upload in an hour; try again later")
    }

    private static func largerThanAnHour(_ limit: Int64) -> APIError {
        FairUse.refusal(.bytesPerHour, APIError.tooLarge("this upload is larger than the \(limit) bytes a user may upload in an hour"))
    }
}

extension HTTPResponse.Status {
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
}

extension Duration {
    /// Whole seconds, rounded up.
    var wholeSeconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds + (attoseconds > 0 ? 1 : 0)
    }
}
