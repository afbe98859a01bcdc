import KilnStorage

/// One upload as received: the file's bytes already in an uncommitted blob upload, the first bytes
/// kept for sniffing, and the text fields of the form.
public struct ReceivedUpload: Sendable {
    public let upload: any BlobUpload
    public let head: [UInt8]
    public let clientFileName: String?
    public let fields: [String: String]

    public init(upload: any BlobUpload, head: [UInt8], clientFileName: String?, fields: [String: String]) {
        self.upload = upload
        self.head = head
        self.clientFileName = clientFileName
        self.fields = fields
    }

    public var size: Int64 { upload.bytesWritten }
}
