import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Every token that is not an unexpired HS256 token signed with Kiln's secret is refused.
struct TokenTests {
    /// A JWT put together by hand, so a test controls its header, claims and signature.
    struct HandMadeToken {
        var header: [String: String]
        var claims: [String: JSONValue]

        static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
            Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }

        /// Keys sorted: two encodings of one dictionary may otherwise order them differently.
        var signingInput: String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return Self.base64URL(try! encoder.encode(header)) + "." + Self.base64URL(try! encoder.encode(claims))
        }

        func signed(hmacKey: [UInt8]) -> String {
            let input = signingInput
            let code = HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: SymmetricKey(data: hmacKey))
            return input + "." + Self.base64URL(code)
        }

        var unsigned: String { signingInput + "." }
    }

    func claims(_ kiln: TestKiln, role: String = "admin") -> [String: JSONValue] {
        ["sub": .string("mallory"), "role": .string(role), "exp": .number(kiln.clock.now().timeIntervalSince1970 + 600)]
    }

    func status(of token: String, _ kiln: TestKiln, path: String = "/api/v3/files?status=transcodeFailed") async throws
        -> HTTPResponse.Status
    {
        try await kiln.run { client in
            try await client.executeRequest(uri: path, method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
                .status
        }
    }

    @Test func aGenuineAdminTokenOpensOperatorEndpoints() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let genuine = HandMadeToken(header: ["alg": "HS256", "typ": "JWT"], claims: claims(kiln))
        #expect(try await status(of: genuine.signed(hmacKey: TestKiln.secret.bytes), kiln) == .ok)
    }

    @Test func forgedAlgorithmsAndForeignKeysAre401() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let secret = TestKiln.secret.bytes
        let forgeries: [(String, String)] = [
            ("alg none", HandMadeToken(header: ["alg": "none", "typ": "JWT"], claims: claims(kiln)).unsigned),
            ("alg none, signed anyway", HandMadeToken(header: ["alg": "none"], claims: claims(kiln)).signed(hmacKey: secret)),
            ("another key", HandMadeToken(header: ["alg": "HS256"], claims: claims(kiln)).signed(hmacKey: Array(repeating: 7, count: 32))),
            // The secret used as an HMAC key under an asymmetric algorithm's name (algorithm confusion).
            ("RS256 header", HandMadeToken(header: ["alg": "RS256"], claims: claims(kiln)).signed(hmacKey: secret)),
            ("ES256 header", HandMadeToken(header: ["alg": "ES256"], claims: claims(kiln)).signed(hmacKey: secret)),
            ("HS512 header", HandMadeToken(header: ["alg": "HS512"], claims: claims(kiln)).signed(hmacKey: secret)),
            ("no signature", HandMadeToken(header: ["alg": "HS256"], claims: claims(kiln)).unsigned),
            ("garbage", "not.a.token"),
        ]
        for (name, token) in forgeries {
            #expect(try await status(of: token, kiln) == .unauthorized, "\(name)")
        }
    }

    @Test func expiredAndNotYetValidTokensAre401() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let authority = await TokenAuthority(secret: TestKiln.secret, clock: kiln.clock.wallClock)
        let shortLived = try await authority.issue(userId: "ops", role: .admin, lifetime: .seconds(60))
        let early = try await authority.issue(
            userId: "ops", role: .admin, lifetime: .seconds(7200), notBefore: kiln.clock.now().addingTimeInterval(3600))
        #expect(try await status(of: shortLived, kiln) == .ok)
        #expect(try await status(of: early, kiln) == .unauthorized)

        kiln.clock.advance(by: .seconds(61))
        #expect(try await status(of: shortLived, kiln) == .unauthorized)
        kiln.clock.advance(by: .seconds(3600))
        #expect(try await status(of: early, kiln) == .ok)
    }

    @Test func aUserTokenIs403OnOperatorEndpoints() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let user = try await kiln.token("alice")
        #expect(try await status(of: user, kiln) == .forbidden)
        #expect(try await status(of: user, kiln, path: "/api/v3/files?status=uploaded") == .forbidden)
        let service = try await kiln.token("room-service", role: .service)
        #expect(try await status(of: service, kiln) == .forbidden)
        try await kiln.run { client in
            let retry = try await client.executeRequest(
                uri: "/api/v3/files/\(FileID.random())/transcode", method: .post, headers: [.authorization: "Bearer \(user)"],
                body: nil)
            #expect(retry.status == .forbidden)
        }
    }
}
