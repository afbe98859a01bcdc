import Foundation
import KilnCore
import KilnStorage
import Logging
import Synchronization

// `scripts/bench-queue` runs this: for each engine, how fast 8 claimers drain the queue (one
// uploader's backlog, then a backlog shared by many uploaders, where every claim weighs them all),
// and how soon an idle worker holds the lease of a job another node just queued.

let environment = ProcessInfo.processInfo.environment
let jobsToClaim = Int(environment["KILN_BENCH_JOBS"] ?? "") ?? 2000
let uploads = Int(environment["KILN_BENCH_UPLOADS"] ?? "") ?? 50
let uploaders = Int(environment["KILN_BENCH_UPLOADERS"] ?? "") ?? 50
let claimers = 8
var logger = Logger(label: "bench")
logger.logLevel = .error

struct Figures {
    var engine: String
    var claimsPerSecond: Double
    var sharedClaimsPerSecond: Double
    var latencies: [Double]

    func percentile(_ p: Double) -> Double {
        let sorted = latencies.sorted()
        return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }
}

func video(by uploader: String = "bench") -> StoredFile {
    let now = Date()
    return StoredFile(
        id: .random(), uploaderId: uploader, type: .video, accessType: .public, altText: nil, feedType: .post, status: .uploaded,
        name: "tiny.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1000, createdAt: now, updatedAt: now)
}

/// Queues `jobsToClaim` jobs, taking turns between `uploaders` uploaders, then lets 8 claimers take
/// them all; claims per second.
func claimRate(_ stores: Stores, jobs jobsToClaim: Int, uploaders: Int = 1) async throws -> Double {
    for job in 0..<jobsToClaim {
        try await stores.queue.insertQueued(video(by: uploaders == 1 ? "bench" : "bench-\(job % uploaders)"))
    }
    let start = ContinuousClock.now
    let taken = try await withThrowingTaskGroup(of: Int.self) { group in
        for claimer in 0..<claimers {
            group.addTask {
                var count = 0
                while try await stores.queue.leaseNextJob(owner: "claimer-\(claimer)", lease: .seconds(600)) != nil { count += 1 }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - start
    guard taken == jobsToClaim else { throw BenchFailure("claimed \(taken) of \(jobsToClaim) jobs") }
    return Double(taken) / elapsed.seconds
}

/// One idle worker on `worker`'s connections, as a worker node's loop runs: lease, else wait to be
/// woken. Each job is queued through `api` (an api node's connections) once the worker is idle;
/// the time from the start of that write to the worker holding the lease.
func uploadToLease(api: Stores, worker: Stores, count: Int) async throws -> [Double] {
    let recorder = LeaseRecorder()
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            while recorder.count < count {
                guard let leased = try await worker.queue.leaseNextJob(owner: "worker", lease: .seconds(600)) else {
                    await worker.queue.waitForQueuedJob(timeout: .seconds(1))
                    continue
                }
                recorder.leased(leased.file.id)
                _ = try await worker.queue.completeJob(of: leased.file.id, owner: "worker", variants: [:], metadata: [:])
            }
        }
        for _ in 0..<count {
            // Long enough for the worker to be waiting again.
            try await Task.sleep(for: .milliseconds(Int.random(in: 30...60)))
            let file = video()
            recorder.queued(file.id)
            try await api.queue.insertQueued(file)
        }
        try await group.waitForAll()
        return recorder.latencies
    }
}

final class LeaseRecorder: Sendable {
    private let state = Mutex<(queuedAt: [FileID: ContinuousClock.Instant], latencies: [Double])>(([:], []))

    func queued(_ id: FileID) { state.withLock { $0.queuedAt[id] = .now } }

    func leased(_ id: FileID) {
        let now = ContinuousClock.now
        state.withLock { state in
            if let start = state.queuedAt[id] { state.latencies.append((now - start).seconds) }
        }
    }

    var count: Int { state.withLock { $0.latencies.count } }
    var latencies: [Double] { state.withLock { $0.latencies } }
}

func measure(_ engine: String, api: Stores, worker: Stores) async throws -> Figures {
    try await api.whileRunning {
        try await worker.whileRunning {
            Figures(
                engine: engine, claimsPerSecond: try await claimRate(api, jobs: jobsToClaim),
                sharedClaimsPerSecond: try await claimRate(api, jobs: jobsToClaim, uploaders: uploaders),
                latencies: try await uploadToLease(api: api, worker: worker, count: uploads))
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bench-\(FileID.random())").path
defer { try? FileManager.default.removeItem(atPath: folder) }
var results: [Figures] = []
// SQLite is one node: its api and worker share one database and its in-process wake-ups.
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
let sqlite = try await Stores.open(databaseURL: nil, sqlitePath: folder + "/kiln.sqlite", clock: .system, logger: logger)
results.append(try await measure("SQLite", api: sqlite, worker: sqlite))
if let url = environment["KILN_BENCH_DATABASE_URL"] {
    // Two pools, as two nodes have: the worker hears of the job through NOTIFY.
    let location = try DatabaseLocation(url: url)
    let api = try await Stores.open(postgres: location, logger: logger)
    let worker = try await Stores.open(postgres: location, logger: logger)
    results.append(try await measure("PostgreSQL", api: api, worker: worker))
}

func milliseconds(_ seconds: Double) -> String { String(format: "%7.1f ms", seconds * 1000) }
print(
    "claims with \(claimers) claimers over \(jobsToClaim) jobs of one uploader, then of \(uploaders); "
        + "upload→lease over \(uploads) jobs, idle worker")
print("engine        claims/s   \(uploaders) uploaders   upload→lease p50   p99        max")
for figures in results {
    print(
        figures.engine.padding(toLength: 12, withPad: " ", startingAt: 0)
            + String(format: "%9.0f", figures.claimsPerSecond) + String(format: "%15.0f", figures.sharedClaimsPerSecond) + "   "
            + milliseconds(figures.percentile(0.5)) + "         "
            + milliseconds(figures.percentile(0.99)) + milliseconds(figures.latencies.max() ?? 0))
}
if results.count == 2 {
    print(
        String(
            format: "PostgreSQL/SQLite claims ratio: %.2f (one uploader), %.2f (\(uploaders) uploaders)",
            results[1].claimsPerSecond / results[0].claimsPerSecond,
            results[1].sharedClaimsPerSecond / results[0].sharedClaimsPerSecond))
}
var missed: [String] = []
for figures in results {
    if figures.engine == "PostgreSQL", figures.claimsPerSecond < 500 { missed.append("PostgreSQL claims/s < 500") }
    if figures.percentile(0.99) > 1 { missed.append("\(figures.engine) p99 upload→lease > 1 s") }
}
print(
    missed.isEmpty
        ? "targets met: ≥ 500 claims/s on PostgreSQL, p99 upload→lease ≤ 1 s"
        : "TARGETS MISSED: \(missed.joined(separator: "; "))")
if !missed.isEmpty { exit(1) }
