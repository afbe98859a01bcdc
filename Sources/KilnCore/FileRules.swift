import Foundation

/// A client-supplied value that breaks one of the file API's rules; the message names the field.
public struct RuleViolation: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The limits the reference API puts on client-supplied fields.
public enum FileRules {
    public static let maxAltTextCharacters = 180
    public static let maxPreferredFilenameCharacters = 1024
    public static let maxMetadataBytes = 5 * 1024

    public static func validatedAltText(_ text: String) throws(RuleViolation) -> String {
        guard text.count <= maxAltTextCharacters else {
            throw RuleViolation("altText is \(text.count) characters; at most \(maxAltTextCharacters) are allowed")
        }
        return text
    }

    public static func validatedPreferredFilename(_ name: String) throws(RuleViolation) -> String {
        guard name.count <= maxPreferredFilenameCharacters else {
            throw RuleViolation(
                "preferredFilename is \(name.count) characters; at most \(maxPreferredFilenameCharacters) are allowed")
        }
        let cleaned = FileName.sanitized(name)
        guard !cleaned.isEmpty else { throw RuleViolation("preferredFilename has no usable characters") }
        return cleaned
    }

    public static func validatedAccessType(_ text: String) throws(RuleViolation) -> AccessType {
        guard let accessType = AccessType(rawValue: text) else {
            throw RuleViolation("accessType must be one of: public, network")
        }
        return accessType
    }

    public static func validatedFeedType(_ text: String) throws(RuleViolation) -> FeedType {
        guard let feedType = FeedType(rawValue: text) else {
            throw RuleViolation("feedType must be one of: \(FeedType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return feedType
    }

    /// `metadata` must be a JSON object whose compact encoding fits in 5 KiB.
    public static func validatedMetadata(_ value: JSONValue) throws(RuleViolation) -> [String: JSONValue] {
        guard let object = value.objectValue else { throw RuleViolation("metadata must be a JSON object") }
        let size = (try? JSONEncoder().encode(value).count) ?? Int.max
        guard size <= maxMetadataBytes else {
            throw RuleViolation("metadata is \(size) bytes of JSON; at most \(maxMetadataBytes) are allowed")
        }
        return object
    }
}
