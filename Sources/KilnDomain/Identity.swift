import Foundation
import KilnCore

/// Who is calling: the `sub`, `role` and `rooms` of a verified token.
public struct Identity: Sendable, Equatable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        /// `service`: a backend such as the room service, which registers recordings but is no operator.
        case user, admin, service
    }

    public let userId: String
    public let role: Role
    /// When the credential that named the caller stops being valid (a token's `exp`).
    public let validUntil: Date?
    /// The live rooms a user token was issued for (its `rooms` claim): the only rooms whose
    /// recordings it may read or add to.
    public let rooms: Set<RoomID>

    public init(userId: String, role: Role, validUntil: Date? = nil, rooms: Set<RoomID> = []) {
        self.userId = userId
        self.role = role
        self.validUntil = validUntil
        self.rooms = rooms
    }

    public var isAdmin: Bool { role == .admin }
}
