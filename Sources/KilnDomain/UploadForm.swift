import KilnCore

/// The text fields of an upload, checked against the reference API's rules.
struct UploadForm: Sendable {
    var accessType: AccessType = .public
    var altText: String?
    var preferredFilename: String?
    var feedType: FeedType?
    /// Images only: keep the original resolution as `full` instead of serving `large` for it.
    var fullImage = false

    init(fields: [String: String]) throws(RuleViolation) {
        if let value = fields["accessType"], !value.isEmpty { accessType = try FileRules.validatedAccessType(value) }
        if let value = fields["altText"], !value.isEmpty { altText = try FileRules.validatedAltText(value) }
        if let value = fields["preferredFilename"], !value.isEmpty {
            preferredFilename = try FileRules.validatedPreferredFilename(value)
        }
        if let value = fields["feedType"], !value.isEmpty { feedType = try FileRules.validatedFeedType(value) }
        if let value = fields["fullImage"], !value.isEmpty {
            switch value.lowercased() {
            case "true", "1": fullImage = true
            case "false", "0": fullImage = false
            default: throw RuleViolation("fullImage must be true or false")
            }
        }
    }
}

/// Where an upload arrived, which decides what it must be and which file type it records.
public enum UploadEndpoint: Sendable {
    /// `/api/v4/files` and `/api/v3/files`: anything; audio becomes an `audio` file.
    case files
    /// `/api/v4/images`: the still and animated formats browsers and phones produce.
    case images
    /// `/api/v4/videos` and `/api/v4/clips`: anything libav decodes that has a video stream.
    case videos
    case clips

    public static let imageTypes: Set<String> = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif", "image/tiff",
    ]

    /// Why this endpoint refuses an upload whose first bytes sniff as `sniffed`, or nil when it may be
    /// what the endpoint takes. Decided as soon as the first bytes arrive, before the rest is read.
    public func refusal(of sniffed: SniffedType) -> APIError? {
        switch self {
        case .files:
            return nil
        case .images:
            guard !Self.imageTypes.contains(sniffed.mimeType) else { return nil }
            return APIError.unsupportedMediaType(
                "an image (JPEG, PNG, GIF, WebP, HEIC/HEIF, AVIF or TIFF) is required; the upload is \(sniffed.mimeType)")
        case .videos, .clips:
            guard [.image, .document, .archive, .text].contains(sniffed.category) else { return nil }
            return APIError.unsupportedMediaType("a video is required; the upload is \(sniffed.mimeType)")
        }
    }
}
