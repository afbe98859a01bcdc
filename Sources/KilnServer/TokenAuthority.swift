import Foundation
import JWTKit
import KilnCore
import KilnDomain


/// Issues and verifies the HS256 bearer tokens of the API. Only HS256 with Kiln's secret is
/// accepted: `alg: none` and every other algorithm named in a header are refused.
public struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection
    private let clock: WallClock

    public init(secret: JWTSecret, clock: WallClock = .system) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret.bytes), digestAlgorithm: .sha256)
        self.clock = clock
    }

    public func issue(
        userId: String, role: Identity.Role, lifetime: Duration, notBefore: Date? = nil, rooms: [RoomID] = []
    ) async throws -> String {
        let expiry = clock.now().addingTimeInterval(lifetime.seconds)
        return try await keys.sign(
            Claims(
                sub: SubjectClaim(value: userId), role: role, exp: ExpirationClaim(value: expiry),
                nbf: notBefore.map(NotBeforeClaim.init(value:)), rooms: rooms.isEmpty ? nil : rooms.map(\.rawValue)))
    }

    /// The identity behind an `Authorization: Bearer …` value.
    func verify(token: String) async throws(APIError) -> Identity {
        let claims: Claims
        do {
            // JWTKit verifies with the one key it holds whatever algorithm the header names; the
            // header must name that key's algorithm, or `alg` means nothing.
            guard Self.algorithm(of: token) == "HS256" else { throw APIError.unauthorized("token is not valid") }
            claims = try await keys.verify(token, as: Claims.self)
        } catch {
            throw APIError.unauthorized("token is not valid")
        }
        // Time claims are checked here, against the injected clock, rather than by JWTKit's own `Date()`.
        let now = clock.now()
        guard claims.exp.value > now else { throw APIError.unauthorized("token has expired") }
        if let notBefore = claims.nbf, notBefore.value > now { throw APIError.unauthorized("token is not valid yet") }
        guard !claims.sub.value.isEmpty else { throw APIError.unauthorized("token has an empty subject") }
        var rooms = Set<RoomID>()
        for name in claims.rooms ?? [] {
            guard let room = RoomID(rawValue: name) else { throw APIError.unauthorized("token names a malformed room id") }
            rooms.insert(room)
        }
        return Identity(userId: claims.sub.value, role: claims.role, validUntil: claims.exp.value, rooms: rooms)
    }

    /// The `alg` of a compact JWS header, unverified.
    static func algorithm(of token: String) -> String? {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { return nil }
        var encoded = segments[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        encoded += String(repeating: "=", count: (4 - encoded.count % 4) % 4)
        guard let header = Data(base64Encoded: encoded),
            let fields = try? JSONDecoder().decode([String: JSONValue].self, from: header)
        else { return nil }
        return fields["alg"]?.stringValue
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var role: Identity.Role
        var exp: ExpirationClaim
        var nbf: NotBeforeClaim?
        /// The rooms whose recordings a user token may read (and add its own videos to).
        var rooms: [String]?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
