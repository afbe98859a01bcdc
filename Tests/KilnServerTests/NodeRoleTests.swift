import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import KilnDomain
@testable import KilnServer

struct NodeRoleTests {
    @Test func aWorkerNodeAnswersOnlyItsHealth() async throws {
        var kiln = try TestKiln()
        defer { kiln.removeData() }
        kiln.configuration.role = .worker
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let health = try await client.executeRequest(uri: "/healthz", method: .get, headers: [:], body: nil)
            #expect(health.status == .ok)
            #expect(health.json["status"]?.string == "ok")
            for (uri, method) in [("/api/v3/files", HTTPRequest.Method.get), ("/api/v4/files", .post)] {
                let refused = try await client.executeRequest(uri: uri, method: method, headers: alice, body: nil)
                #expect(refused.status == .notFound)
                #expect(refused.json["status"]?.string == "error")
                #expect(refused.json["message"]?.string == "a worker node serves only /healthz and /metrics")
            }
        }
    }

    @Test func onlyNodesThatTranscodeBuildTheTranscoder() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        var logger = Logger(label: "test")
        logger.logLevel = .error
        for role in NodeRole.allCases {
            var configuration = kiln.configuration
            configuration.role = role
            let services = try await KilnServices.open(configuration, logger: logger)
            #expect((services.transcoder != nil) == (role != .api), "\(role)")
        }
    }
}
