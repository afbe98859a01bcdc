import HTTPTypes

/// The headers of tus 1.0 and its extensions, and Kiln's own answer naming the finished file.
extension HTTPField.Name {
    static let tusResumable = HTTPField.Name("Tus-Resumable")!
    static let tusVersion = HTTPField.Name("Tus-Version")!
    static let tusExtension = HTTPField.Name("Tus-Extension")!
    static let tusMaxSize = HTTPField.Name("Tus-Max-Size")!
    static let tusChecksumAlgorithm = HTTPField.Name("Tus-Checksum-Algorithm")!
    static let uploadOffset = HTTPField.Name("Upload-Offset")!
    static let uploadLength = HTTPField.Name("Upload-Length")!
    static let uploadDeferLength = HTTPField.Name("Upload-Defer-Length")!
    static let uploadMetadata = HTTPField.Name("Upload-Metadata")!
    static let uploadExpires = HTTPField.Name("Upload-Expires")!
    static let uploadChecksum = HTTPField.Name("Upload-Checksum")!
    /// The file a finished upload became, on the answer to its last PATCH and to every HEAD after.
    static let kilnFileId = HTTPField.Name("Kiln-File-Id")!
}

enum Tus {
    static let version = "1.0.0"
    static let extensions = ["creation", "creation-with-upload", "creation-defer-length", "termination", "checksum", "expiration"]
    static let chunkContentType = "application/offset+octet-stream"
    /// Metadata keys Kiln reads: the multipart form's fields, `filename` (or Uppy's `name`) and `kind`.
    static let fieldKeys: Set<String> = ["accessType", "altText", "feedType", "fullImage", "preferredFilename"]
}
