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
                    let changed = try await eventually(object) { $0.json["altText"]?.string == "changed on A" }
                    #expect(changed.json["altText"]?.string == "changed on A")

                    let download = { try await clientB.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil) }
                    #expect(try await download().status == .ok)
                    #expect(try await clientA.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil).status == .ok)
                    // On A, at once; on B, as soon as it hears.
                    #expect(try await clientA.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil).status == .gone)
                    #expect(try await eventually(download) { $0.status == .gone }.status == .gone)
                }
            }
        }
    }
}
