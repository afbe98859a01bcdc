import Foundation
import KilnCore
import KilnDomain

/// The app object of Stream's `GET /api/v2/app`, and the changes `PATCH` may make. Kiln keeps one
/// thing of a Stream app, its upload rules; the rest of the object is what Stream's SDKs require to
/// parse it, each field at its neutral value (see `StreamAppDocument`).
enum StreamApp {
    static let changeable: Set<String> = ["file_upload_config", "image_upload_config"]

    /// `{"app": {…}}` with the rules Kiln keeps.
    static func object(with rules: AppUploadRules) -> [String: JSONValue] {
        var app = StreamAppDocument.neutralFields
        app["file_upload_config"] = config(rules.files)
        app["image_upload_config"] = config(rules.images)
        return app
    }

    /// Stream writes extensions with their dot.
    static func config(_ rule: UploadRule) -> JSONValue {
        var fields: [String: JSONValue] = ["size_limit": .number(Double(rule.sizeLimit))]
        let lists = [
            ("allowed_file_extensions", rule.allowedFileExtensions.map { "." + $0 }), ("allowed_mime_types", rule.allowedMimeTypes),
            ("blocked_file_extensions", rule.blockedFileExtensions.map { "." + $0 }), ("blocked_mime_types", rule.blockedMimeTypes),
        ]
        for (name, values) in lists where !values.isEmpty { fields[name] = .array(values.map { .string($0) }) }
        return .object(fields)
    }

    /// The rules after a `PATCH` body: each config it names replaces the one kept (a list it leaves
    /// out is empty; `size_limit` left out is 0), the other stays. Any other field is refused.
    static func applying(_ body: [String: JSONValue], to rules: AppUploadRules) throws(APIError) -> AppUploadRules {
        let others = Set(body.keys).subtracting(changeable).sorted()
        guard others.isEmpty else {
            throw APIError.badRequest(
                "Kiln keeps only the app's upload rules (file_upload_config, image_upload_config); it cannot change "
                    + others.joined(separator: ", "))
        }
        var rules = rules
        if let files = body["file_upload_config"] { rules.files = try rule(files, named: "file_upload_config") }
        if let images = body["image_upload_config"] { rules.images = try rule(images, named: "image_upload_config") }
        return rules
    }

    private static func rule(_ value: JSONValue, named name: String) throws(APIError) -> UploadRule {
        guard let fields = value.objectValue else { throw APIError.badRequest("\(name) must be an object") }
        let known: Set<String> = [
            "allowed_file_extensions", "allowed_mime_types", "blocked_file_extensions", "blocked_mime_types", "size_limit",
        ]
        if let unknown = Set(fields.keys).subtracting(known).sorted().first {
            throw APIError.badRequest("\(name).\(unknown) is not an upload rule Kiln knows")
        }
        func list(_ key: String) throws(APIError) -> [String] {
            switch fields[key] {
            case nil, .null?: return []
            case .array(let items)?:
                var texts: [String] = []
                for item in items {
                    guard case .string(let text) = item else { throw APIError.badRequest("\(name).\(key) must be a list of strings") }
                    texts.append(text)
                }
                return texts
            default: throw APIError.badRequest("\(name).\(key) must be a list of strings")
            }
        }
        let sizeLimit: Int64
        switch fields["size_limit"] {
        case nil, .null?: sizeLimit = 0
        case .number(let number)? where number >= 0 && number <= 9e15 && number.rounded() == number: sizeLimit = Int64(number)
        default: throw APIError.badRequest("\(name).size_limit must be a whole number of bytes (0: no limit)")
        }
        let (allowedExtensions, allowedTypes) = (try list("allowed_file_extensions"), try list("allowed_mime_types"))
        let (blockedExtensions, blockedTypes) = (try list("blocked_file_extensions"), try list("blocked_mime_types"))
        do throws(RuleViolation) {
            return try UploadRule(
                allowedFileExtensions: allowedExtensions, allowedMimeTypes: allowedTypes, blockedFileExtensions: blockedExtensions,
                blockedMimeTypes: blockedTypes, sizeLimit: sizeLimit)
        } catch {
            throw APIError.badRequest("\(name): \(error.message)")
        }
    }
}
