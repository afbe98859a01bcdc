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

    private static func percentEncoded(_ text: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        return text.utf8.map { byte in
            unreserved.contains(byte) ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }.joined()
    }
}
