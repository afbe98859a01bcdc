import Foundation
import Testing

@testable import KilnDomain

/// The shortcut that takes back a dead process's job before its lease runs out must never take
/// a live worker's.
struct WorkerNameTests {
    static let host = ProcessInfo.processInfo.hostName

    static func exitedProcess() throws -> Int32 {
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        return exited.processIdentifier
    }

    @Test func aWorkerOfThisProcessSpaceThatExitedIsDead() throws {
        let space = try #require(WorkerName.processSpace)
        let pid = try Self.exitedProcess()
        #expect(WorkerName.deadProcess("\(Self.host):\(space):\(pid):0:abcdef") == pid)
        #expect(WorkerName.make(index: 3).hasPrefix("\(Self.host):\(space):\(getpid()):3:"))
    }

    @Test func liveWorkersAndOtherProcessSpacesAreLeftToTheirLease() throws {
        let space = try #require(WorkerName.processSpace)
        let pid = try Self.exitedProcess()
        // Another boot or another pid namespace (a container with the same host name): its pids are not ours.
        #expect(WorkerName.deadProcess("\(Self.host):0123456789ab.4026531999:\(pid):0:abcdef") == nil)
        #expect(WorkerName.deadProcess("another-host:\(space):\(pid):0:abcdef") == nil)
        #expect(WorkerName.deadProcess("\(Self.host):\(space):\(getppid()):0:abcdef") == nil)
        #expect(WorkerName.deadProcess(WorkerName.make(index: 0)) == nil)
        // Owners written before the process space was recorded.
        #expect(WorkerName.deadProcess("\(Self.host):\(pid):0:abcdef") == nil)
    }
}
