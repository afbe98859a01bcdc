import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import KilnServer

/// Kiln's OpenAPI document, and a check of real answers against it: the status is one the operation
/// documents, the body has the documented media type and validates against its schema. The schema
/// check covers the JSON Schema the document uses: `$ref`, `type` (one or several), `properties`,
/// `required`, `additionalProperties`, `items`, `enum`, `const`, `oneOf`/`anyOf`/`allOf`,
/// `minimum`/`maximum`, `minLength`/`maxLength` and the `date-time` and `uri` formats.
// The parsed document is only read, so sharing it between tasks is safe.
struct OpenAPIConformance: @unchecked Sendable {
    let document: [String: Any]

    init() throws {
        document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    /// Problems with `answer` to `method` on `path` (a real path, its query ignored); empty when it conforms.
    func problems(_ method: HTTPRequest.Method, _ path: String, _ answer: TestResponse) -> [String] {
        let path = String(path.prefix { $0 != "?" })
        guard let (template, item) = pathItem(for: path) else { return ["\(path) is not in the document"] }
        guard let operation = item[method.rawValue.lowercased()] as? [String: Any] else {
            return ["\(method) \(template) is not in the document"]
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        let status = String(answer.status.code)
        guard let documented = (responses[status] ?? responses["\(status.prefix(1))XX"] ?? responses["default"]) as? [String: Any]
        else { return ["\(method) \(template) does not document \(status)"] }
        let response = resolve(documented)
        guard let content = response["content"] as? [String: Any], !answer.bytes.isEmpty, method != .head else { return [] }
        let mediaType = answer.headers[.contentType].map { String($0.prefix { $0 != ";" }) } ?? ""
        guard let media = content[mediaType] as? [String: Any] ?? content.first(where: { $0.key.hasSuffix("/*") || $0.key == "*/*" })?.value as? [String: Any]
        else { return ["\(method) \(template) \(status): \(mediaType) is not documented (\(content.keys.sorted()))"] }
        guard mediaType.hasSuffix("json"), let schema = media["schema"] as? [String: Any] else { return [] }
        guard let body = try? JSONSerialization.jsonObject(with: Data(answer.bytes), options: .fragmentsAllowed) else {
            return ["\(method) \(template) \(status): the body is not JSON"]
        }
        return validate(body, schema, at: "\(method) \(template) \(status)")
    }

    private func pathItem(for path: String) -> (String, [String: Any])? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (template, item) in document["paths"] as? [String: Any] ?? [:] {
            let pattern = template.split(separator: "/", omittingEmptySubsequences: false)
            guard pattern.count == parts.count else { continue }
            if zip(pattern, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }), let item = item as? [String: Any] {
                return (template, item)
            }
        }
        return nil
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/") else { return schema }
        var node: Any = document
        for key in reference.dropFirst(2).split(separator: "/") {
            node = (node as? [String: Any])?[String(key)] ?? [:]
        }
        return resolve(node as? [String: Any] ?? [:])
    }

    func validate(_ value: Any, _ schema: [String: Any], at where: String) -> [String] {
        let schema = resolve(schema)
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !types.contains(where: { Self.isOfType(value, $0) })
        {
            return ["\(`where`): \(Self.describe(value)) is not \(types.joined(separator: " or "))"]
        }
        if let choices = schema["enum"] as? [Any], !choices.contains(where: { Self.equal($0, value) }) {
            problems.append("\(`where`): \(Self.describe(value)) is not one of \(choices)")
        }
        if let constant = schema["const"], !Self.equal(constant, value) {
            problems.append("\(`where`): \(Self.describe(value)) is not \(constant)")
        }
        for key in ["allOf"] {
            for part in schema[key] as? [[String: Any]] ?? [] { problems += validate(value, part, at: `where`) }
        }
        for key in ["oneOf", "anyOf"] {
            guard let parts = schema[key] as? [[String: Any]] else { continue }
            let passing = parts.filter { validate(value, $0, at: `where`).isEmpty }.count
            if passing == 0 || (key == "oneOf" && passing > 1) {
                problems.append("\(`where`): \(Self.describe(value)) matches \(passing) of the \(key) choices")
            }
        }
        if let number = value as? NSNumber, !(value is Bool) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { problems.append("\(`where`): \(number) < \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { problems.append("\(`where`): \(number) > \(maximum)") }
        }
        if let text = value as? String {
            if let least = schema["minLength"] as? Int, text.count < least { problems.append("\(`where`): shorter than \(least)") }
            if let most = schema["maxLength"] as? Int, text.count > most { problems.append("\(`where`): longer than \(most)") }
            switch schema["format"] as? String {
            case "date-time" where (try? Date(text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))) == nil
                && (try? Date(text, strategy: .iso8601)) == nil:
                problems.append("\(`where`): \(text) is not a date-time")
            case "uri" where URL(string: text)?.scheme == nil:
                problems.append("\(`where`): \(text) is not an absolute URI")
            default: break
            }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(`where`): \(key) is missing")
            }
            for (key, field) in object {
                if let property = properties[key] as? [String: Any] {
                    problems += validate(field, property, at: "\(`where`).\(key)")
                } else if let additional = schema["additionalProperties"] as? Bool, !additional {
                    problems.append("\(`where`): \(key) is not documented")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += validate(field, additional, at: "\(`where`).\(key)")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { problems += validate(item, items, at: "\(`where`)[\(index)]") }
        }
        return problems
    }

    static func isOfType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer": return !isBool(value) && (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } == true
        case "number": return !isBool(value) && value is NSNumber
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    static func isBool(_ value: Any) -> Bool {
        // JSONSerialization gives booleans as NSNumbers of type char.
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func equal(_ a: Any, _ b: Any) -> Bool { "\(a)" == "\(b)" && isBool(a) == isBool(b) }

    static func describe(_ value: Any) -> String {
        let text = "\(value)"
        return text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
