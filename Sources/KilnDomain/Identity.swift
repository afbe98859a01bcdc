import Foundation

/// Who is calling: the `sub` and `role` of a verified token.
public struct Identity: Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// `service`: a backend such as the room service, which registers recordings but is no operator.
        case user, admin, service
    }

    public let userId: String
    public let role: Role

    public init(userId: String, role: Role) {
        self.userId = userId
        self.role = role
    }

    public var isAdmin: Bool { role == .admin }
}
