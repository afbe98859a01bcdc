import Foundation

/// One uploaded file as Kiln keeps it: the row behind the reference API's file object.
public struct StoredFile: Sendable, Equatable, Codable {
    public var id: FileID
    public var uploaderId: String
    public var type: FileType
    public var accessType: AccessType
    public var altText: String?
    public var feedType: FeedType?
    public var status: FileStatus
    /// The client's file name, cleaned by `FileName.sanitized`.
    public var name: String
    /// Extension and MIME type come from sniffing the bytes, never from the client.
    public var fileExtension: String
    public var mimeType: String
    public var size: Int64
    /// What Kiln measured (dimensions, codecs, BlurHash …); the client cannot overwrite it.
    public var metadata: [String: JSONValue]
    /// What the uploader attached through PUT.
    public var customMetadata: [String: JSONValue]
    /// The derived forms that can be downloaded, by the name a client asks for (`small`, `720p` …).
    public var variants: [String: StoredVariant]
    public var isDeleted: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: FileID, uploaderId: String, type: FileType, accessType: AccessType, altText: String?,
        feedType: FeedType?, status: FileStatus, name: String, fileExtension: String, mimeType: String,
        size: Int64, metadata: [String: JSONValue] = [:], customMetadata: [String: JSONValue] = [:],
        variants: [String: StoredVariant] = [:], isDeleted: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.uploaderId = uploaderId
        self.type = type
        self.accessType = accessType
        self.altText = altText
        self.feedType = feedType
        self.status = status
        self.name = name
        self.fileExtension = fileExtension
        self.mimeType = mimeType
        self.size = size
        self.metadata = metadata
        self.customMetadata = customMetadata
        self.variants = variants
        self.isDeleted = isDeleted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The `attributes.metadata` object clients see: their own keys, with Kiln's measured keys on
    /// top. Keys that carry Kiln's own word about the file (its poster, its transcode's progress and
    /// failure) are never taken from a client, even where Kiln has none to give.
    public var publishedMetadata: [String: JSONValue] {
        customMetadata.filter { !Self.kilnOwnedMetadataKeys.contains($0.key) }
            .merging(metadata.filter { !Self.internalMetadataKeys.contains($0.key) }) { _, measured in measured }
    }

    public static let kilnOwnedMetadataKeys: Set<String> = ["thumbnailUrl", "progress", "failureReason", "hls"]
    /// Shown to the uploader and admins only, whoever else may read the file: where a photo was
    /// taken can say where its uploader lives.
    public static let uploaderOnlyMetadataKeys: Set<String> = ["gps"]
    /// Kiln's own bookkeeping kept among the measured keys, shown to clients in another form (`hlsUrl`).
    static let internalMetadataKeys: Set<String> = [HLSPresentation.metadataKey]

    /// The probed running time of a video, clip or audio file, in seconds.
    public var durationSeconds: Double? { metadata["duration"]?.numberValue }

    /// The blobs of this file's variants that `replacements` take the place of and no variant still
    /// uses: what a transcode run again leaves behind once its renditions are recorded.
    public func blobsReplaced(by replacements: [String: StoredVariant]) -> [String] {
        let inUse = Set(variants.merging(replacements) { _, new in new }.values.map(\.blob))
        return Set(variants.values.map(\.blob)).subtracting(inUse).sorted()
    }

    /// Why the last transcode failed, while the file is `transcodeFailed`.
    public var failureReason: String? { metadata["failureReason"]?.stringValue }
}

/// One derived form of a file: which stored blob holds it and what it is.
public struct StoredVariant: Sendable, Equatable, Codable {
    /// The blob variant name; several names may share one blob (`full` is `large` unless the full
    /// resolution was asked for).
    public var blob: String
    public var mimeType: String
    public var width: Int?
    public var height: Int?
    public var size: Int64

    public init(blob: String, mimeType: String, width: Int? = nil, height: Int? = nil, size: Int64) {
        self.blob = blob
        self.mimeType = mimeType
        self.width = width
        self.height = height
        self.size = size
    }
}

extension StoredVariant {
    /// A video's poster frame (JPEG).
    public static let posterName = "poster"
}
