import Foundation

/// Who is calling: the `sub` and `role` of a verified token.
public struct Identity: Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// `service`: a backend such as the room service, which registers recordings but is no operator.
        case user, admin, service
    }

    public let userId: String
    public let role: Role
    /// When the credential that named the caller stops being valid (a token's `exp`).
    public let validUntil: Date?

    public init(userId: String, role: Role, validUntil: Date? = nil) {
        self.userId = userId
        self.role = role
        self.validUntil = validUntil
    }

    public var isAdmin: Bool { role == .admin }
}
