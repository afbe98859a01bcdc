import Foundation
import JWTKit

/// Who is calling: the `sub` and `role` of a verified token.
public struct Identity: Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// `service`: a backend such as the room service, which registers recordings but is no operator.
        case user, admin, service
    }

    public let userId: String
    public let role: Role

    public var isAdmin: Bool { role == .admin }
}

/// Issues and verifies the HS256 bearer tokens of the API.
public struct TokenAuthority: Sendable {
    private let keys: JWTKeyCollection

    public init(secret: JWTSecret) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret.bytes), digestAlgorithm: .sha256)
    }

    public func issue(userId: String, role: Identity.Role, lifetime: Duration) async throws -> String {
        let expiry = Date().addingTimeInterval(TimeInterval(lifetime.components.seconds))
        return try await keys.sign(Claims(sub: SubjectClaim(value: userId), role: role, exp: ExpirationClaim(value: expiry)))
    }

    /// The identity behind an `Authorization: Bearer …` value.
    func verify(token: String) async throws(APIError) -> Identity {
        do {
            let claims = try await keys.verify(token, as: Claims.self)
            guard !claims.sub.value.isEmpty else { throw APIError.unauthorized("token has an empty subject") }
            return Identity(userId: claims.sub.value, role: claims.role)
        } catch let error as APIError {
            throw error
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            throw APIError.unauthorized("token has expired")
        } catch {
            throw APIError.unauthorized("token is not valid")
        }
    }

    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var role: Identity.Role
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }
}
