import KilnCore

/// The text fields of an upload, checked against the reference API's rules.
struct UploadForm: Sendable {
    var accessType: AccessType = .public
    var altText: String?
    var preferredFilename: String?
    var feedType: FeedType?

    init(fields: [String: String]) throws(RuleViolation) {
        if let value = fields["accessType"], !value.isEmpty { accessType = try FileRules.validatedAccessType(value) }
        if let value = fields["altText"], !value.isEmpty { altText = try FileRules.validatedAltText(value) }
        if let value = fields["preferredFilename"], !value.isEmpty {
            preferredFilename = try FileRules.validatedPreferredFilename(value)
        }
        if let value = fields["feedType"], !value.isEmpty { feedType = try FileRules.validatedFeedType(value) }
    }
}

/// What an upload endpoint accepts and which file type it records.
enum UploadEndpoint: Sendable {
    /// `/api/v4/files` and `/api/v3/files`: anything.
    case files

    func fileType(for sniffed: SniffedType) throws(APIError) -> FileType {
        switch self {
        case .files: .file
        }
    }
}
