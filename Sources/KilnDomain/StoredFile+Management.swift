import KilnCore

extension StoredFile {
    /// The uploader and admins manage a file: they may change and delete it, and are shown what
    /// only they see (`uploaderOnlyMetadataKeys`).
    public func isManaged(by caller: Identity?) -> Bool {
        guard let caller else { return false }
        return caller.isAdmin || caller.userId == uploaderId
    }
}
