import Foundation

/// Names a resumable upload in its URL: 128 random bits, so one caller cannot find another's.
public struct ResumableUploadID: HexIdentifier {
    public let rawValue: String
    public init(validated rawValue: String) { self.rawValue = rawValue }
}

/// A tus upload between its creation and the file it becomes: how long it is (when said), how far
/// its bytes have come, what its file will be, and until when it is kept.
public struct ResumableUpload: Sendable, Equatable {
    public let id: ResumableUploadID
    /// The file the finished bytes become, named at creation so its bytes can gather under it.
    public let fileId: FileID
    public let ownerId: String
    /// Which upload endpoint's rules it is held to: `file`, `image`, `video`, `clip` or `audio`.
    public let kind: String
    /// The form fields a multipart upload would carry (`accessType`, `altText`, …) and `filename`.
    public let fields: [String: String]
    /// Nil until the client says it (creation-defer-length).
    public var length: Int64?
    /// Bytes durably kept, every one of them in place.
    public var offset: Int64
    /// The blob store's own record of where the bytes are kept; nil for a store that needs none.
    public var bytesRecord: String?
    public let createdAt: Date
    public var expiresAt: Date
    /// Set once the bytes became a file; the upload is then only kept to answer a late HEAD.
    public var finishedAt: Date?

    public init(
        id: ResumableUploadID, fileId: FileID, ownerId: String, kind: String, fields: [String: String], length: Int64?,
        offset: Int64 = 0, bytesRecord: String? = nil, createdAt: Date, expiresAt: Date, finishedAt: Date? = nil
    ) {
        self.id = id
        self.fileId = fileId
        self.ownerId = ownerId
        self.kind = kind
        self.fields = fields
        self.length = length
        self.offset = offset
        self.bytesRecord = bytesRecord
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.finishedAt = finishedAt
    }

    public var isComplete: Bool { length == offset }
}
