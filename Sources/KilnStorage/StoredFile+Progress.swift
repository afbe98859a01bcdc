import KilnCore

extension StoredFile {
    /// The file as clients see it: while it is transcoding, with its job's progress (0–100).
    func showing(progress: Int?) -> StoredFile {
        guard status == .transcoding else { return self }
        var shown = self
        shown.metadata["progress"] = .number(Double(progress ?? 0))
        return shown
    }
}
