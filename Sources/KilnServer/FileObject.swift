import Foundation
import KilnCore
import KilnDomain

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
    /// Video and clip only: the URL of every rendition made so far, by name.
    let videoUrl: [String: String]?
    /// Video and clip only: the HLS master playlist, from the moment the first segment of every rung
    /// exists (while `status` is still `transcoding`).
    let hlsUrl: String?
    let attributes: Attributes
    let isDeleted: Bool
    let createdAt: String
    let updatedAt: String
}

/// Who a file object is rendered for.
enum FileAudience: Sendable {
    /// The uploader, an admin, or an operator's command: every key of the metadata.
    case managers
    /// Anyone else allowed to read the file: not what `uploaderOnlyMetadataKeys` names.
    case others

    init(of file: StoredFile, caller: Identity?) { self = file.isManaged(by: caller) ? .managers : .others }
}

/// Renders stored files as file objects with absolute, and where needed signed, URLs.
struct FilePresenter: Sendable {
    let publicURL: String
    let signer: URLSigner

    static func downloadPath(of id: FileID) -> String { "/api/v3/files/\(id)/download" }

    /// The file a download URL this node hands out names (`fileUrl`, `signedUrl`, a size's or a
    /// rendition's, whatever its query), or nil for any other URL.
    func fileID(ofIssued url: String) -> FileID? {
        let prefix = publicURL + "/api/v3/files/"
        guard url.hasPrefix(prefix) else { return nil }
        let path = url.dropFirst(prefix.count).prefix { $0 != "?" && $0 != "#" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 2, segments[1] == "download" else { return nil }
        return FileID(rawValue: String(segments[0]))
    }

    func object(for file: StoredFile, to audience: FileAudience) -> FileObject {
        let path = Self.downloadPath(of: file.id)
        let signed = file.accessType == .network && !file.isDeleted
        var metadata = file.publishedMetadata
        if audience == .others { for key in StoredFile.uploaderOnlyMetadataKeys { metadata[key] = nil } }
        if file.variants[StoredVariant.posterName] != nil {
            metadata["thumbnailUrl"] = .string(url(path, query: "size=\(StoredVariant.posterName)", grant: signed ? .exactly : nil))
        }
        let videoUrl: [String: String]? = file.type == .video || file.type == .clip
            ? Dictionary(uniqueKeysWithValues: RenditionLadder.names.filter { file.variants[$0] != nil }.map { name in
                (name, url(path, query: "resolution=\(name)", grant: signed ? .exactly : nil))
            })
            : nil
        return FileObject(
            fileId: file.id.rawValue,
            fileUrl: publicURL + path,
            signedUrl: signed ? url(path, query: nil, grant: .anyVariant) : nil,
            type: file.type,
            accessType: file.accessType,
            altText: file.altText,
            feedType: file.feedType,
            status: file.status,
            videoUrl: videoUrl,
            hlsUrl: hlsURL(of: file, signed: signed),
            attributes: .init(
                name: file.name, extension: file.fileExtension, size: file.size, mimeType: file.mimeType,
                metadata: metadata),
            isDeleted: file.isDeleted,
            createdAt: Self.timestamp(file.createdAt),
            updatedAt: Self.timestamp(file.updatedAt))
    }

    /// The master playlist's URL; for a network file with a grant of the file's whole HLS tree.
    func hlsURL(of file: StoredFile, signed: Bool) -> String? {
        guard HLSController.offersHLS(file) else { return nil }
        let grant = signed ? "?" + signer.queryItems(for: HLSController.prefix(of: file.id), query: nil, grant: .tree) : ""
        return publicURL + HLSController.masterPath(of: file.id) + grant
    }

    /// An absolute URL of `path`; with a grant it carries an expiring signature over the path and
    /// what it grants, so `<img src>` and `<video src>` work for network files. It expires at
    /// `notAfter` at the latest.
    func url(_ path: String, query: String?, grant: URLGrant?, notAfter: Date? = nil) -> String {
        let items = [query, grant.map { signer.queryItems(for: path, query: query, grant: $0, notAfter: notAfter) }].compactMap { $0 }
        return publicURL + path + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}
