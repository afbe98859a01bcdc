import KilnCore

/// Who may see and add to a room's recordings. Room ids are chosen by the room service and easy to
/// guess, and a room answers with signed links to every recording in it, so reading one is a grant
/// a user token must carry; and a recording turns its file `network` and shows it to the room, so
/// only the file's owner (or a backend speaking for them) may put it there.
public enum RoomAccess {
    /// Admins and services (the room service itself, players' backends) read any room; a user token
    /// only the rooms its `rooms` claim names.
    public static func checkReading(_ room: RoomID, by caller: Identity) throws(APIError) {
        guard caller.role == .admin || caller.role == .service || caller.rooms.contains(room) else {
            throw APIError.forbidden("this token does not grant room \(room): its rooms claim must name it")
        }
    }

    /// Registering a file uploaded earlier: an admin, any file; a service token, a file of the user
    /// it says it acts for (`userId`, which a service must send: its own `sub` names the service, not
    /// a user); a user token, its own file, in a room its `rooms` claim names.
    public static func checkRegistration(
        of file: StoredFile, in room: RoomID, by caller: Identity, actingFor userId: String?
    ) throws(APIError) {
        switch caller.role {
        case .admin:
            return
        case .service:
            guard let userId else {
                throw APIError.badRequest("a service token registering a fileId must name the user it acts for in userId")
            }
            guard userId == file.uploaderId else {
                throw APIError.forbidden("file \(file.id) was not uploaded by \(userId), for whom this service acts")
            }
        case .user:
            if let userId, userId != caller.userId {
                throw APIError.forbidden("a user token acts for its own user only, not for \(userId)")
            }
            guard file.uploaderId == caller.userId else {
                throw APIError.forbidden("file \(file.id) was not uploaded by you; only its uploader may make it a recording")
            }
            try checkReading(room, by: caller)
        }
    }
}
