import Foundation

/// tus `Upload-Metadata`: comma-separated pairs of a key and a base64 value (a key alone has an
/// empty value). Keys are unique and without spaces or commas.
public enum TusMetadata {
    public struct Malformed: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ header: String) throws(Malformed) -> [String: String] {
        var pairs: [String: String] = [:]
        for item in header.split(separator: ",") {
            let pieces = item.split(separator: " ", omittingEmptySubsequences: true)
            guard let key = pieces.first, pieces.count <= 2 else {
                throw Malformed(description: "Upload-Metadata pairs are a key and a base64 value separated by one space")
            }
            let name = String(key)
            guard pairs[name] == nil else { throw Malformed(description: "Upload-Metadata names \(name) twice") }
            if pieces.count == 1 {
                pairs[name] = ""
                continue
            }
            guard let bytes = Data(base64Encoded: String(pieces[1])), let value = String(data: bytes, encoding: .utf8) else {
                throw Malformed(description: "the Upload-Metadata value of \(name) is not base64 of UTF-8 text")
            }
            pairs[name] = value
        }
        return pairs
    }

    public static func encode(_ pairs: [String: String]) -> String {
        pairs.sorted { $0.key < $1.key }.map { key, value in
            value.isEmpty ? key : key + " " + Data(value.utf8).base64EncodedString()
        }.joined(separator: ",")
    }
}
