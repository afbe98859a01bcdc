/// How a download is presented to a browser, decided from the sniffed MIME type and the access type.
public enum DownloadPolicy {
    /// Types a browser would execute or render as a document in Kiln's origin are never shown inline.
    public static func mustDownloadAsAttachment(mimeType: String) -> Bool {
        let type = mimeType.lowercased()
        if type == "application/octet-stream" { return true }
        if type.contains("html") || type.contains("xml") || type.contains("javascript") || type.contains("ecmascript") {
            return true
        }
        let safeInline = ["image/", "video/", "audio/"]
        return !(safeInline.contains { type.hasPrefix($0) } || type == "text/plain" || type == "application/pdf")
    }

    public static func cacheControl(for accessType: AccessType) -> String {
        switch accessType {
        // Bytes behind a fileId never change, so public copies may be kept for a year.
        case .public: "public, max-age=31536000, immutable"
        case .network: "private, max-age=3600"
        }
    }

    /// A `Content-Disposition` value with an ASCII fallback and the RFC 5987 UTF-8 name.
    public static func contentDisposition(mimeType: String, fileName: String) -> String {
        let kind = mustDownloadAsAttachment(mimeType: mimeType) ? "attachment" : "inline"
        let asciiFallback = String(
            fileName.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
            })
        return "\(kind); filename=\"\(asciiFallback)\"; filename*=UTF-8''\(percentEncoded(fileName))"
    }

    /// RFC 3986's unreserved bytes stay, every other byte is `%XX`; made on every download, so
    /// written byte by byte rather than a string per byte.
    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
