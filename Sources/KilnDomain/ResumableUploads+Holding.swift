import Foundation
import HTTPTypes
import KilnCore
import KilnStorage
import Synchronization

/// One request's hold on an upload: the token its lease is recorded under, and whether it is
/// receiving bytes, the only work another request may ask it to stop.
final class ResumableHold: Sendable {
    let holder = FileID.random().rawValue
    private let receiving = Mutex(false)

    var isReceiving: Bool { receiving.withLock { $0 } }

    func receiving<T>(_ body: () async throws -> T) async rethrows -> T {
        receiving.withLock { $0 = true }
        defer { receiving.withLock { $0 = false } }
        return try await body()
    }
}

extension ResumableUploads {
    /// Runs `work` holding the upload, one request at a time on any node. A request that finds it
    /// held asks the holder to stop (a client back on a new connection while its old one hangs)
    /// and waits for it to let go, or for a dead node's lease to run out; 423 if neither happens.
    /// While `work` runs its lease is renewed; asked to stop while receiving, it is cancelled and
    /// keeps the bytes it has.
    func holding<T: Sendable>(
        _ upload: ResumableUpload, _ work: @escaping @Sendable (ResumableUpload, ResumableHold) async throws(APIError) -> T
    ) async throws(APIError) -> T {
        let hold = ResumableHold()
        let claimed = try await claim(upload.id, hold: hold)
        let store = store, settings = settings, clock = clock
        let result = await withTaskGroup(of: Result<T, APIError>?.self) { group in
            group.addTask {
                do throws(APIError) { return .success(try await work(claimed, hold)) } catch { return .failure(error) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: settings.lease / 4)
                    let until = clock.now().addingTimeInterval(settings.lease.seconds)
                    guard let stopAsked = try? await store.renewResumable(upload.id, holder: hold.holder, until: until) else {
                        // The database is away for now; the lease may still hold when it is back.
                        continue
                    }
                    if stopAsked && hold.isReceiving { return nil }
                }
                return nil
            }
            var outcome: Result<T, APIError>?
            while let next = await group.next() {
                group.cancelAll()
                if let next { outcome = next }
            }
            return outcome ?? .failure(APIError(.internalServerError, "upload \(upload.id) was left without an answer"))
        }
        // Let go even when the request was cancelled, so the next one need not wait for the lease.
        await Task { try? await store.releaseResumable(upload.id, holder: hold.holder) }.value
        return try result.get()
    }

    private func claim(_ id: ResumableUploadID, hold: ResumableHold) async throws(APIError) -> ResumableUpload {
        let patience = ContinuousClock.now + settings.lease * 2 + .seconds(2)
        var askedToStop = false
        var pause = Duration.milliseconds(20)
        while true {
            let now = clock.now()
            let claim: ResumableClaim
            do {
                claim = try await store.claimResumable(id, holder: hold.holder, until: now.addingTimeInterval(settings.lease.seconds), now: now)
            } catch {
                throw logger.internalError("cannot take upload \(id)", error)
            }
            switch claim {
            case .claimed(let upload): return upload
            case .missing: throw APIError.notFound("no upload \(id)")
            case .held:
                if !askedToStop {
                    try? await store.askToStopResumable(id)
                    askedToStop = true
                }
                guard ContinuousClock.now < patience else {
                    var error = APIError(.locked, "another request is working on upload \(id); try again shortly")
                    error.extraHeaders[.retryAfter] = "1"
                    throw error
                }
                try? await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(250))
            }
        }
    }
}
