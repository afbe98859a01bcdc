#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore
import KilnDecoding
import KilnStorage
import KilnVideo
import Logging
import ServiceLifecycle
import Synchronization

/// The transcoding workers of one process. Each leases the next job, runs it with a heartbeat that
/// renews the lease and publishes progress, and records the outcome. On graceful shutdown the job in
/// flight is stopped at its next frame and handed back untouched, so it runs again from the start.
public struct TranscodeService: Service {
    let queue: any TranscodeQueue
    let pipeline: TranscodePipeline
    let settings: TranscodeSettings
    let logger: Logger

    public func run() async throws {
        // A service that returns ends the whole group, server included: an upload-only node waits.
        guard settings.workers > 0 else { return try await gracefulShutdown() }
        await reclaimJobsOfDeadProcesses()
        let activity = WorkerActivity(workers: settings.workers)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<settings.workers {
                let worker = TranscodeWorker(
                    owner: WorkerName.make(index: index), queue: queue, pipeline: pipeline, settings: settings, logger: logger,
                    activity: activity)
                group.addTask { await worker.run() }
            }
        }
    }

    /// A job leased by a process of this host that no longer exists (killed mid-transcode) is taken
    /// again now instead of when its lease runs out.
    private func reclaimJobsOfDeadProcesses() async {
        do {
            for job in try await queue.runningJobs() {
                guard let owner = job.leaseOwner, let pid = WorkerName.deadProcess(owner) else { continue }
                logger.notice("taking back the job of a stopped process", metadata: ["fileId": "\(job.fileId)", "pid": "\(pid)"])
                try await queue.expireLease(of: job.fileId, owner: owner)
            }
        } catch {
            logger.error("cannot look for jobs of stopped processes", metadata: ["error": "\(error)"])
        }
    }
}

/// Lease owners are `host:processSpace:pid:worker:token`, so a restarted process can tell its dead
/// predecessor's leases from a live neighbour's. A pid means one process only within one boot of one
/// machine and one pid namespace (containers sharing a host name do not share pids), so the
/// process space is the boot id and the pid namespace; a lease of any other space is left to run out.
enum WorkerName {
    static func make(index: Int) -> String {
        "\(hostName):\(processSpace ?? "unknown"):\(getpid()):\(index):\(FileID.random().rawValue.prefix(6))"
    }

    /// The pid of `owner` when it names a process of this very process space that has exited.
    static func deadProcess(_ owner: String) -> Int32? {
        let parts = owner.split(separator: ":")
        guard parts.count == 5, parts[0] == hostName, let space = processSpace, parts[1] == space,
            let pid = Int32(parts[2])
        else { return nil }
        if pid == getpid() { return nil }
        let exists = kill(pid, 0) == 0 || errno == EPERM
        return exists && !isZombie(pid) ? nil : pid
    }

    /// `<boot id>.<pid namespace inode>`; nil where either cannot be read, which turns the shortcut off.
    static let processSpace: String? = {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
            let namespace = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        else { return nil }
        let bootID = boot.filter { $0.isHexDigit }
        let inode = namespace.filter(\.isNumber)
        guard !bootID.isEmpty, !inode.isEmpty else { return nil }
        return "\(bootID.prefix(12)).\(inode)"
    }()

    /// A killed process lingers as a zombie until its parent reaps it; it runs nothing.
    private static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: end)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }

    private static var hostName: String { ProcessInfo.processInfo.hostName }
}

/// How many of the process's workers hold a job, published as `kiln_transcode_workers`.
private final class WorkerActivity: Sendable {
    let workers: Int
    private let busy = Mutex(0)

    init(workers: Int) {
        self.workers = workers
        KilnMeasures.transcodeWorkers(busy: 0, idle: workers)
    }

    func change(by delta: Int) {
        let now = busy.withLock { busy in
            busy += delta
            return busy
        }
        KilnMeasures.transcodeWorkers(busy: now, idle: workers - now)
    }
}

/// One worker loop.
private struct TranscodeWorker {
    let owner: String
    let queue: any TranscodeQueue
    let pipeline: TranscodePipeline
    let settings: TranscodeSettings
    let logger: Logger
    let activity: WorkerActivity

    func run() async {
        let current = Mutex<TranscodeMonitor?>(nil)
        await withGracefulShutdownHandler {
            var failures = 0
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let leased: LeasedJob?
                do {
                    leased = try await queue.leaseNextJob(owner: owner, lease: settings.lease)
                    if failures > 0 { logger.notice("the queue answers again", metadata: ["failedLooks": "\(failures)"]) }
                    failures = 0
                } catch {
                    // Said once, then quietly retried with backoff until the queue answers again.
                    if let unavailable = error as? StoreUnavailable { KilnMeasures.storeUnavailable(unavailable) }
                    if failures == 0 { logger.error("cannot lease a transcode job", metadata: ["error": "\(error)"]) }
                    failures += 1
                    let backoff = settings.backoff(afterFailures: failures)
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: backoff) }
                    continue
                }
                guard let leased else {
                    // Woken when any node queues a job; the poll only finds leases that ran out.
                    _ = await cancelWhenGracefulShutdown { await queue.waitForQueuedJob(timeout: settings.pollInterval) }
                    continue
                }
                let monitor = TranscodeMonitor()
                current.withLock { $0 = monitor }
                // A shutdown that began while the job was being leased stops it at once.
                if Task.isShuttingDownGracefully { monitor.requestStop() }
                activity.change(by: 1)
                await process(leased, monitor: monitor)
                activity.change(by: -1)
                current.withLock { $0 = nil }
            }
        } onGracefulShutdown: {
            current.withLock { $0?.requestStop() }
        }
    }

    private func process(_ leased: LeasedJob, monitor: TranscodeMonitor) async {
        let id = leased.file.id
        let log = logger.with(["fileId": "\(id)", "attempt": "\(leased.job.attempts)"])
        log.info("transcoding")
        let started = ContinuousClock.now
        // The heartbeat child answers whether the lease was lost.
        let (result, leaseLost) = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: settings.heartbeat)
                    if Task.isCancelled { return false }
                    let progress = Int((monitor.fraction * 100).rounded(.down))
                    let held = (try? await queue.renewLease(of: id, owner: owner, progress: progress, lease: settings.lease)) ?? true
                    if !held {
                        monitor.requestStop()
                        return true
                    }
                }
                return false
            }
            let result: Result<TranscodeOutcome, any Error>
            do {
                result = .success(try await pipeline.run(leased.file, monitor: monitor) { metadata, mustLand in
                    let publish = { try await queue.publish(metadata, of: id, owner: owner) }
                    return mustLand ? try await persistently(publish) : try await publish()
                })
            } catch {
                result = .failure(error)
            }
            group.cancelAll()
            let leaseLost = await group.reduce(false) { $0 || $1 }
            return (result, leaseLost)
        }
        let outcome = await record(result, of: leased, leaseLost: leaseLost, log: log)
        KilnMeasures.transcode(ContinuousClock.now - started, outcome: outcome.name, failureClass: outcome.failureClass)
    }

    /// Records the attempt's end and says what it was, for the metrics.
    private func record(_ result: Result<TranscodeOutcome, any Error>, of leased: LeasedJob, leaseLost: Bool, log: Logger)
        async -> (name: String, failureClass: String)
    {
        let id = leased.file.id
        do {
            switch result {
            case .success(let outcome):
                let recorded: Bool
                do {
                    recorded = try await persistently {
                        try await queue.completeJob(of: id, owner: owner, variants: outcome.variants, metadata: outcome.metadata)
                    }
                } catch {
                    // Blobs of a live file are never swept: renditions nobody will record go now.
                    for key in outcome.committed { try? await pipeline.blobs.delete(key) }
                    throw error
                }
                if recorded {
                    // A transcode run again replaced the renditions of the one before.
                    for blob in leased.file.blobsReplaced(by: outcome.variants) {
                        try? await pipeline.blobs.delete(BlobKey(fileId: id, variant: blob))
                    }
                    log.info("transcoded", metadata: ["renditions": "\(outcome.variants.keys.sorted())"])
                    return ("transcoded", "")
                } else {
                    log.notice("lease lost or file deleted; discarding the renditions")
                    for key in outcome.committed { try? await pipeline.blobs.delete(key) }
                    return ("discarded", "")
                }
            case .failure(let error as AVFailure) where error.isStop:
                if leaseLost {
                    log.notice("lease lost to another worker; stopped")
                    return ("lease_lost", "")
                } else {
                    try await persistently { try await queue.releaseJob(of: id, owner: owner) }
                    log.notice("stopped for shutdown; the job will run again")
                    return ("released", "")
                }
            case .failure(let error):
                let retryable = Self.isRetryable(error, attempt: leased.job.attempts)
                let backoff = settings.retryBackoff * leased.job.attempts
                let job = try await persistently {
                    try await queue.failJob(
                        of: id, owner: owner, reason: Self.reason(error, leased.file.type), retryable: retryable, backoff: backoff)
                }
                let failureClass = Self.failureClass(error)
                if let failure = error as? SandboxFailure { KilnMeasures.sandboxFailure(failure, during: "transcode") }
                if job?.state == .failed {
                    log.warning("transcode failed", metadata: ["reason": "\(error)"])
                    return ("failed", failureClass)
                } else {
                    log.notice("transcode will be retried", metadata: ["reason": "\(error)", "after": "\(backoff)"])
                    return ("retried", failureClass)
                }
            }
        } catch {
            // The lease runs out and the job is taken again.
            if let unavailable = error as? StoreUnavailable { KilnMeasures.storeUnavailable(unavailable) }
            log.error("cannot record the transcode's outcome", metadata: ["error": "\(error)"])
            return ("unrecorded", "")
        }
    }

    /// Asks the queue again while the database is unreachable, backing off: a finished transcode is
    /// worth waiting for, until the lease would have run out and the job is another worker's.
    private func persistently<T: Sendable>(_ call: () async throws -> T) async throws -> T {
        let giveUp = ContinuousClock.now + settings.lease
        var failures = 0
        while true {
            do {
                return try await call()
            } catch is StoreUnavailable where ContinuousClock.now < giveUp {
                failures += 1
                try await Task.sleep(for: settings.backoff(afterFailures: failures))
            }
        }
    }

    /// The media's own faults fail at once; the machine's (memory, disk, storage, database) may pass.
    /// Whether attempt number `attempt` (from 1) may be followed by another. A sandboxed decoder
    /// that crashed or went past its limits gets one more try, in case the machine rather than the
    /// file was at fault; the second time it is the file.
    static func isRetryable(_ error: any Error, attempt: Int) -> Bool {
        switch error {
        case is SandboxFailure: attempt < 2
        case let failure as AVFailure: failure.isTransient
        case is TranscodeRejection: false
        default: true
        }
    }

    /// The failure's class in `kiln_transcodes_total`: the machine's, the media's, or the decoder's.
    static func failureClass(_ error: any Error) -> String {
        switch error {
        case let failure as SandboxFailure: failure.kind.rawValue
        case let failure as AVFailure: failure.isTransient ? "machine" : "media"
        case is TranscodeRejection: "media"
        default: "machine"
        }
    }

    static func reason(_ error: any Error, _ type: FileType) -> String {
        switch error {
        case let failure as AVFailure: "the \(type.rawValue) cannot be transcoded: \(failure)"
        case let failure as SandboxFailure: "the \(type.rawValue) cannot be transcoded (\(failure.kind.rawValue)): \(failure)"
        default: "\(error)"
        }
    }
}

extension Logger {
    fileprivate func with(_ metadata: Logger.Metadata) -> Logger {
        var copy = self
        for (key, value) in metadata { copy[metadataKey: key] = value }
        return copy
    }
}
