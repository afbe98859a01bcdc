import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Two nodes of the real app on one PostgreSQL database and one data folder: what one changes or
/// deletes, the other stops serving from its cache.
@Suite(.enabled(if: StoreEngineURL.isAvailable, "needs KILN_TEST_DATABASE_URL (scripts/test starts PostgreSQL)"))
struct TwoNodeCacheTests {
    /// Asks until `answer` is what `done` wants, for at most `seconds`; the last answer.
    static func eventually(
        within seconds: Double = 60, _ ask: () async throws -> TestResponse, until done: (TestResponse) -> Bool
    ) async throws -> TestResponse {
        let start = ContinuousClock.now
        while true {
            let answer = try await ask()
            if done(answer) || ContinuousClock.now - start > .seconds(seconds) { return answer }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func whatOneNodeChangesOrDeletesTheOtherStopsServing() async throws {
        var a = try TestKiln()
        defer { a.removeData() }
        // One database and one data folder for both.
        try await StoreEngineURL.withFreshDatabase { database in
            a.configuration.databaseURL = database
            let nodeA = a, nodeB = a
            let alice = try await a.authorization()
            try await nodeA.run { clientA in
                try await nodeB.run { clientB in
                    let id = try #require(try await clientA.upload(.file(Array("hello".utf8), filename: "a.txt"), headers: alice)
                        .json[0]?["fileId"]?.string)
                    let object = { try await clientB.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: [:], body: nil) }
                    #expect(try await object().json["altText"] == nil)
                    _ = try await clientA.executeRequest(
                        uri: "/api/v3/files/\(id)", method: .put, headers: alice + [.contentType: "application/json"],
                        body: ByteBuffer(string: #"{"altText":"changed on A"}"#))
                    let changed = try await Self.eventually(object) { $0.json["altText"]?.string == "changed on A" }
                    #expect(changed.json["altText"]?.string == "changed on A")

                    let download = { try await clientB.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil) }
                    #expect(try await download().status == .ok)
                    #expect(try await clientA.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil).status == .ok)
                    // On A, at once; on B, as soon as it hears.
                    #expect(try await clientA.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil).status == .gone)
                    #expect(try await Self.eventually(download) { $0.status == .gone }.status == .gone)
                }
            }
        }
    }
}
