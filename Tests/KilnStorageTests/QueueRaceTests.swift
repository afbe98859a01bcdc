import Foundation
import KilnCore
import KilnStorage
import Synchronization
import Testing

/// Many claimers at once, as several worker nodes make them.
struct QueueRaceTests {
    /// Eight claimers, half on each node, each claiming until the queue has nothing ready: every
    /// file id claimed, by whoever claimed it.
    static func drain(_ first: Stores, _ second: Stores) async throws -> [FileID] {
        try await withThrowingTaskGroup(of: [FileID].self) { group in
            for claimer in 0..<8 {
                let stores = claimer.isMultiple(of: 2) ? first : second
                group.addTask {
                    var mine: [FileID] = []
                    while let leased = try await stores.queue.leaseNextJob(owner: "claimer-\(claimer)", lease: .seconds(3600)) {
                        mine.append(leased.file.id)
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test(arguments: StoreEngine.available)
    func eightClaimersOnTwoNodesTakeEachOfAThousandJobsExactlyOnce(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let stores = first
            let files = try await TranscodeQueueTests.queue(1000, in: stores)
            let all = try await Self.drain(first, second)
            #expect(all.count == files.count)
            #expect(Set(all) == Set(files.map(\.id)))
            #expect(try await stores.queue.runningJobs().count == files.count)
        }
    }

    /// Claims over many uploaders (the uploader each claimer serves changes with every claim, and its
    /// ready jobs may all be held by other claimers) still take each job exactly once.
    @Test(arguments: StoreEngine.available)
    func eightClaimersOnTwoNodesTakeEachJobOfManyUploadersExactlyOnce(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            var files: [StoredFile] = []
            for round in 0..<20 {
                for uploader in 0..<(round.isMultiple(of: 2) ? 25 : 5) {
                    files += try await TranscodeQueueTests.queue(1, in: first, by: "user-\(uploader)")
                }
            }
            let all = try await Self.drain(first, second)
            #expect(all.count == files.count)
            #expect(Set(all) == Set(files.map(\.id)))
        }
    }

    @Test(arguments: StoreEngine.available)
    func aRunOutLeaseGoesToOneOfManyClaimersOnAnotherNode(_ engine: StoreEngine) async throws {
        try await engine.withNodes { deadNode, stores in
            let id = try await TranscodeQueueTests.queue(1, in: deadNode)[0].id
            _ = try await deadNode.queue.leaseNextJob(owner: "dead", lease: .zero)
            let winners: [String] = try await withThrowingTaskGroup(of: String?.self) { group in
                for claimer in 0..<8 {
                    group.addTask {
                        let owner = "w\(claimer)"
                        return try await stores.queue.leaseNextJob(owner: owner, lease: .seconds(3600)) == nil ? nil : owner
                    }
                }
                return try await group.reduce(into: [String]()) { list, winner in if let winner { list.append(winner) } }
            }
            #expect(winners.count == 1)
            #expect(try await stores.queue.transcodeJob(of: id)?.leaseOwner == winners.first)
            #expect(try await !deadNode.queue.completeJob(of: id, owner: "dead", variants: [:], metadata: [:]))
            #expect(try await stores.queue.completeJob(of: id, owner: winners[0], variants: [:], metadata: [:]))
        }
    }
}
