/// What a file really is, judged from its first bytes.
public struct SniffedType: Equatable, Sendable {
    public enum Category: String, Sendable {
        case image, video, audio, document, archive, text, unknown
    }

    public let mimeType: String
    public let fileExtension: String
    public let category: Category

    public init(_ mimeType: String, _ fileExtension: String, _ category: Category) {
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.category = category
    }

    public static let unknown = SniffedType("application/octet-stream", "bin", .unknown)
}

/// Magic-number sniffing. The client's name and Content-Type are never consulted.
public enum MediaSniffer {
    /// How many leading bytes `sniff` looks at; callers keep at least this much of an upload.
    public static let headLength = 8192

    public static func sniff(_ head: some Collection<UInt8>) -> SniffedType {
        let bytes = Array(head.prefix(headLength))
        return sniffBinary(bytes) ?? sniffText(bytes) ?? .unknown
    }

    private static func sniffBinary(_ b: [UInt8]) -> SniffedType? {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return SniffedType("image/jpeg", "jpg", .image) }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return SniffedType("image/png", "png", .image)
        }
        if b.starts(with: ascii("GIF87a")) || b.starts(with: ascii("GIF89a")) {
            return SniffedType("image/gif", "gif", .image)
        }
        if b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            return SniffedType("image/tiff", "tiff", .image)
        }
        if isBMP(b) { return SniffedType("image/bmp", "bmp", .image) }
        if b.starts(with: [0xFF, 0x0A]) || b.starts(with: [0, 0, 0, 0x0C, 0x4A, 0x58, 0x4C, 0x20, 0x0D, 0x0A, 0x87, 0x0A]) {
            return SniffedType("image/jxl", "jxl", .image)
        }
        if b.starts(with: ascii("RIFF")), b.count >= 12 {
            switch String(decoding: b[8..<12], as: UTF8.self) {
            case "WEBP": return SniffedType("image/webp", "webp", .image)
            case "AVI ": return SniffedType("video/x-msvideo", "avi", .video)
            case "WAVE": return SniffedType("audio/wav", "wav", .audio)
            default: break
            }
        }
        if let isoMedia = sniffISOBaseMedia(b) { return isoMedia }
        if b.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            return b.containsSequence(ascii("webm"))
                ? SniffedType("video/webm", "webm", .video) : SniffedType("video/x-matroska", "mkv", .video)
        }
        if b.starts(with: ascii("FLV")), b.count > 3, b[3] == 1 { return SniffedType("video/x-flv", "flv", .video) }
        if isMPEGTransportStream(b) { return SniffedType("video/mp2t", "ts", .video) }
        if b.starts(with: [0x00, 0x00, 0x01, 0xBA]) { return SniffedType("video/mpeg", "mpg", .video) }
        if b.starts(with: [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]) {
            return SniffedType("video/x-ms-asf", "wmv", .video)
        }
        if b.starts(with: ascii("OggS")) {
            return b.containsSequence(ascii("theora")) || b.containsSequence(ascii("fishead"))
                ? SniffedType("video/ogg", "ogv", .video) : SniffedType("audio/ogg", "ogg", .audio)
        }
        if b.starts(with: ascii("fLaC")) { return SniffedType("audio/flac", "flac", .audio) }
        if b.starts(with: ascii("ID3")) || isMPEGAudioFrame(b) { return SniffedType("audio/mpeg", "mp3", .audio) }
        if isADTS(b) { return SniffedType("audio/aac", "aac", .audio) }
        if b.starts(with: ascii("%PDF-")) { return SniffedType("application/pdf", "pdf", .document) }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) || b.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return SniffedType("application/zip", "zip", .archive)
        }
        return nil
    }

    /// MP4, MOV, 3GP, M4A, HEIF and AVIF all start with an `ftyp` box; its brands say which.
    private static func sniffISOBaseMedia(_ b: [UInt8]) -> SniffedType? {
        guard b.count >= 12, b[4..<8].elementsEqual(ascii("ftyp")) else {
            // QuickTime files from older cameras may open with a different top-level atom.
            if b.count >= 8, ["moov", "mdat", "wide", "free", "skip"].contains(String(decoding: b[4..<8], as: UTF8.self)),
                b.containsSequence(ascii("moov")) || b.containsSequence(ascii("mdat"))
            {
                return SniffedType("video/quicktime", "mov", .video)
            }
            return nil
        }
        let boxSize = min(Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3]), b.count)
        var brands = [String(decoding: b[8..<12], as: UTF8.self)]
        var offset = 16
        while offset + 4 <= boxSize {
            brands.append(String(decoding: b[offset..<offset + 4], as: UTF8.self))
            offset += 4
        }
        let major = brands[0]
        if ["avif", "avis"].contains(major) { return SniffedType("image/avif", "avif", .image) }
        if ["heic", "heix", "heim", "heis", "hevc", "hevx"].contains(major) {
            return SniffedType("image/heic", "heic", .image)
        }
        if ["mif1", "msf1"].contains(major) {
            return brands.contains("avif") || brands.contains("avis")
                ? SniffedType("image/avif", "avif", .image) : SniffedType("image/heif", "heif", .image)
        }
        if ["M4A ", "M4B ", "M4P ", "F4A "].contains(major) { return SniffedType("audio/mp4", "m4a", .audio) }
        if major == "qt  " { return SniffedType("video/quicktime", "mov", .video) }
        if major.hasPrefix("3g2") { return SniffedType("video/3gpp2", "3g2", .video) }
        if major.hasPrefix("3gp") || major.hasPrefix("3ge") || major.hasPrefix("3gg") {
            return SniffedType("video/3gpp", "3gp", .video)
        }
        return SniffedType("video/mp4", "mp4", .video)
    }

    private static func isBMP(_ b: [UInt8]) -> Bool {
        guard b.count >= 18, b.starts(with: ascii("BM")) else { return false }
        let infoHeaderSize = Int(b[14]) | Int(b[15]) << 8 | Int(b[16]) << 16 | Int(b[17]) << 24
        return [12, 40, 52, 56, 64, 108, 124].contains(infoHeaderSize)
    }

    /// An MPEG-1/2 layer I–III frame header: 11 sync bits, a valid version, layer, bitrate and rate.
    private static func isMPEGAudioFrame(_ b: [UInt8]) -> Bool {
        guard b.count >= 4, b[0] == 0xFF, b[1] & 0xE0 == 0xE0 else { return false }
        let version = (b[1] >> 3) & 0x3, layer = (b[1] >> 1) & 0x3
        let bitrateIndex = b[2] >> 4, sampleRateIndex = (b[2] >> 2) & 0x3
        return version != 1 && layer != 0 && bitrateIndex != 0xF && bitrateIndex != 0 && sampleRateIndex != 3
    }

    /// 188-byte packets, each starting with the sync byte 0x47.
    private static func isMPEGTransportStream(_ b: [UInt8]) -> Bool {
        b.count > 376 && b[0] == 0x47 && b[188] == 0x47 && b[376] == 0x47
    }

    private static func isADTS(_ b: [UInt8]) -> Bool {
        b.count >= 7 && b[0] == 0xFF && (b[1] & 0xF6) == 0xF0 && ((b[2] >> 2) & 0xF) < 13
    }

    private static func sniffText(_ b: [UInt8]) -> SniffedType? {
        guard !b.isEmpty, isPlausibleUTF8Text(b) else { return nil }
        var text = String(decoding: b.prefix(1024), as: UTF8.self).lowercased()
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.trimmingWhitespace()
        if text.hasPrefix("<!doctype html") || text.hasPrefix("<html") || text.hasPrefix("<head")
            || text.hasPrefix("<script") || text.hasPrefix("<body") || text.hasPrefix("<iframe")
        {
            return SniffedType("text/html", "html", .document)
        }
        if text.hasPrefix("<svg") || (text.hasPrefix("<?xml") || text.hasPrefix("<!--")) && text.contains("<svg") {
            return SniffedType("image/svg+xml", "svg", .document)
        }
        if text.hasPrefix("<?xml") { return SniffedType("application/xml", "xml", .document) }
        return SniffedType("text/plain", "txt", .text)
    }

    /// UTF-8 with no NUL and few control characters; a multi-byte character cut off at the end of
    /// the head still counts.
    private static func isPlausibleUTF8Text(_ b: [UInt8]) -> Bool {
        var index = 0
        var controls = 0
        while index < b.count {
            let byte = b[index]
            if byte == 0 { return false }
            if byte < 0x80 {
                if byte < 0x20, ![0x09, 0x0A, 0x0C, 0x0D, 0x1B].contains(byte) { controls += 1 }
                index += 1
                continue
            }
            let length: Int
            switch byte {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            if index + length > b.count { return b.count == headLength }
            for continuation in b[(index + 1)..<(index + length)] where continuation & 0xC0 != 0x80 { return false }
            index += length
        }
        return controls * 100 <= b.count
    }

    private static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
}
