import Foundation
import KilnStorage
import Synchronization
import Testing

/// The `WorkLocks` contract, on every engine: work under one name never runs on two nodes at once,
/// and the next holder sees what the last one left.
struct WorkLocksTests {
    @Test(arguments: StoreEngine.available)
    func workUnderOneNameRunsOneAtATimeAcrossNodes(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let overlap = Overlap()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    let node = index.isMultiple(of: 2) ? first : second
                    group.addTask {
                        try await node.locks.exclusively("image-size one") {
                            overlap.begin()
                            try await Task.sleep(for: .milliseconds(20))
                            overlap.end()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let (most, done) = overlap.counts
            #expect(done == 8)
            // SQLite serves one node; its locks leave the node's own work to it.
            if engine == .postgres { #expect(most == 1) }
        }
    }

    @Test(arguments: StoreEngine.available)
    func aFailingWorkLetsTheNextOneIn(_ engine: StoreEngine) async throws {
        struct Refused: Error {}
        try await engine.withNodes { first, second in
            await #expect(throws: Refused.self) {
                try await first.locks.exclusively("image-size two") { () async throws -> Int in throw Refused() }
            }
            let answer = try await second.locks.exclusively("image-size two") { 42 }
            #expect(answer == 42)
        }
    }
}

/// How many works ran at once, at the most, and how many ran.
private final class Overlap: Sendable {
    private let state = Mutex<(running: Int, most: Int, done: Int)>((0, 0, 0))

    func begin() {
        state.withLock { state in
            state.running += 1
            state.most = max(state.most, state.running)
        }
    }

    func end() {
        state.withLock { state in
            state.running -= 1
            state.done += 1
        }
    }

    var counts: (most: Int, done: Int) { state.withLock { ($0.most, $0.done) } }
}
