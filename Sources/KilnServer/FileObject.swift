import Foundation
import KilnCore

/// The file object of the reference API, as JSON.
struct FileObject: Encodable, Sendable {
    struct Attributes: Encodable, Sendable {
        let name: String
        let `extension`: String
        let size: Int64
        let mimeType: String
        let metadata: [String: JSONValue]
    }

    let fileId: String
    let fileUrl: String
    let signedUrl: String?
    let type: FileType
    let accessType: AccessType
    let altText: String?
    let feedType: FeedType?
    let status: FileStatus
    let attributes: Attributes
    let isDeleted: Bool
    let createdAt: String
    let updatedAt: String
}

/// Renders stored files as file objects with absolute, and where needed signed, URLs.
struct FilePresenter: Sendable {
    let publicURL: String
    let signer: URLSigner

    static func downloadPath(of id: FileID) -> String { "/api/v3/files/\(id)/download" }

    func object(for file: StoredFile) -> FileObject {
        let path = Self.downloadPath(of: file.id)
        let signedUrl = file.accessType == .network && !file.isDeleted
            ? "\(publicURL)\(path)?\(signer.queryItems(for: path))" : nil
        return FileObject(
            fileId: file.id.rawValue,
            fileUrl: publicURL + path,
            signedUrl: signedUrl,
            type: file.type,
            accessType: file.accessType,
            altText: file.altText,
            feedType: file.feedType,
            status: file.status,
            attributes: .init(
                name: file.name, extension: file.fileExtension, size: file.size, mimeType: file.mimeType,
                metadata: file.publishedMetadata),
            isDeleted: file.isDeleted,
            createdAt: Self.timestamp(file.createdAt),
            updatedAt: Self.timestamp(file.updatedAt))
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
