import Foundation
import KilnCore
import KilnStorage
import Logging

/// What an app lets its users upload (Stream's `file_upload_config` and `image_upload_config`):
/// applied by every upload endpoint, Kiln's own too, to the type Kiln sniffed rather than the one the
/// client claimed.
public struct UploadRule: Codable, Sendable, Equatable {
    /// Extensions without their dot, lowercased.
    public var allowedFileExtensions: [String] = []
    public var allowedMimeTypes: [String] = []
    public var blockedFileExtensions: [String] = []
    public var blockedMimeTypes: [String] = []
    /// Bytes; 0 adds no limit to the endpoint's own.
    public var sizeLimit: Int64 = 0

    public static let maxEntries = 100

    public init() {}

    /// The rule as a client wrote it, checked: extensions with or without their dot, MIME types as
    /// `type/subtype` or `type/*`.
    public init(
        allowedFileExtensions: [String], allowedMimeTypes: [String], blockedFileExtensions: [String],
        blockedMimeTypes: [String], sizeLimit: Int64
    ) throws(RuleViolation) {
        self.allowedFileExtensions = try Self.extensions(allowedFileExtensions)
        self.blockedFileExtensions = try Self.extensions(blockedFileExtensions)
        self.allowedMimeTypes = try Self.mimeTypes(allowedMimeTypes)
        self.blockedMimeTypes = try Self.mimeTypes(blockedMimeTypes)
        guard sizeLimit >= 0 else { throw RuleViolation("size_limit must be 0 (no limit) or a number of bytes") }
        self.sizeLimit = sizeLimit
    }

    /// Why the rule refuses an upload, or nil when it may be stored. A blocked extension is looked for
    /// in both the name the client gave and the type Kiln found; an allowed one must be the type Kiln
    /// found, so a renamed file does not pass for what it is not.
    public func refusal(claimedName: String?, sniffed: SniffedType, size: Int64) -> APIError? {
        if sizeLimit > 0, size > sizeLimit {
            return APIError.tooLarge("the app's upload rules allow files of at most \(sizeLimit) bytes; this one has \(size)")
        }
        let found = sniffed.fileExtension.lowercased()
        let claimed = claimedName.flatMap(Self.extensionOf)
        if let blocked = [found, claimed].compactMap({ $0 }).first(where: blockedFileExtensions.contains) {
            return APIError.unsupportedMediaType("the app's upload rules block files with the extension .\(blocked)")
        }
        if Self.matches(sniffed.mimeType, blockedMimeTypes) {
            return APIError.unsupportedMediaType("the app's upload rules block \(sniffed.mimeType) files")
        }
        if !allowedFileExtensions.isEmpty, !allowedFileExtensions.contains(found) {
            return APIError.unsupportedMediaType(
                "the app's upload rules allow only files with the extensions "
                    + allowedFileExtensions.map { "." + $0 }.joined(separator: ", ") + "; this one is .\(found)")
        }
        if !allowedMimeTypes.isEmpty, !Self.matches(sniffed.mimeType, allowedMimeTypes) {
            return APIError.unsupportedMediaType(
                "the app's upload rules allow only " + allowedMimeTypes.joined(separator: ", ") + "; this file is \(sniffed.mimeType)")
        }
        return nil
    }

    static func matches(_ mimeType: String, _ patterns: [String]) -> Bool {
        let type = mimeType.lowercased()
        return patterns.contains { pattern in
            pattern.hasSuffix("/*") ? type.hasPrefix(String(pattern.dropLast())) : type == pattern
        }
    }

    static func extensionOf(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: "."), name.index(after: dot) < name.endIndex else { return nil }
        return name[name.index(after: dot)...].lowercased()
    }

    private static func extensions(_ values: [String]) throws(RuleViolation) -> [String] {
        guard values.count <= maxEntries else { throw RuleViolation("at most \(maxEntries) extensions a list") }
        var checked: [String] = []
        for value in values {
            let bare = (value.hasPrefix(".") ? String(value.dropFirst()) : value).lowercased()
            guard (1...32).contains(bare.utf8.count), bare.utf8.allSatisfy({ $0.isASCIILetterOrDigit }) else {
                throw RuleViolation("'\(value)' is not a file extension (letters and digits, with or without its dot)")
            }
            checked.append(bare)
        }
        return checked
    }

    private static func mimeTypes(_ values: [String]) throws(RuleViolation) -> [String] {
        guard values.count <= maxEntries else { throw RuleViolation("at most \(maxEntries) MIME types a list") }
        var checked: [String] = []
        for value in values {
            let type = value.lowercased()
            let parts = type.split(separator: "/", omittingEmptySubsequences: false)
            let token: (Substring) -> Bool = { part in
                !part.isEmpty && part.utf8.allSatisfy { $0.isASCIILetterOrDigit || "!#$&^_.+-".utf8.contains($0) }
            }
            guard type.utf8.count <= 127, parts.count == 2, token(parts[0]), parts[1] == "*" || token(parts[1]) else {
                throw RuleViolation("'\(value)' is not a MIME type (type/subtype or type/*)")
            }
            checked.append(type)
        }
        return checked
    }
}

extension UInt8 {
    fileprivate var isASCIILetterOrDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}

/// The app's two rules: one for images, one for every other upload.
public struct AppUploadRules: Codable, Sendable, Equatable {
    public var files = UploadRule()
    public var images = UploadRule()

    public init() {}

    /// The rule an upload through `endpoint` is held to.
    public func rule(for endpoint: UploadEndpoint) -> UploadRule {
        switch endpoint {
        case .images: images
        case .files, .videos, .clips: files
        }
    }
}

/// Where the app's upload rules are kept: the metadata store, so every node applies the same.
public struct UploadRulesBook: Sendable {
    let settings: any AppSettingsStore
    let logger: Logger
    static let settingName = "upload-rules"

    public init(settings: any AppSettingsStore, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    public func current() async throws(APIError) -> AppUploadRules {
        let json: String?
        do { json = try await settings.appSetting(Self.settingName) } catch {
            throw logger.internalError("cannot read the app's upload rules", error)
        }
        guard let json else { return AppUploadRules() }
        do {
            return try JSONDecoder().decode(AppUploadRules.self, from: Data(json.utf8))
        } catch {
            throw logger.internalError("the app's stored upload rules cannot be read", error)
        }
    }

    public func replace(with rules: AppUploadRules) async throws(APIError) {
        do {
            try await settings.setAppSetting(Self.settingName, to: String(decoding: try JSONEncoder().encode(rules), as: UTF8.self))
        } catch {
            throw logger.internalError("cannot store the app's upload rules", error)
        }
    }
}
