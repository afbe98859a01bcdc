import KilnCore
import Testing

struct MediaSnifferTests {
    static func bytes(_ parts: [UInt8]..., padTo length: Int = 64) -> [UInt8] {
        var result = parts.flatMap { $0 }
        result += [UInt8](repeating: 0, count: max(0, length - result.count))
        return result
    }

    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// An ISO base media `ftyp` box with a major brand and compatible brands.
    static func ftyp(_ major: String, _ compatible: [String] = []) -> [UInt8] {
        let size = 16 + 4 * compatible.count
        return [0, 0, 0, UInt8(size)] + ascii("ftyp") + ascii(major) + [0, 0, 0, 0] + compatible.flatMap(ascii)
    }

    static let cases: [([UInt8], String, String)] = [
        (bytes([0xFF, 0xD8, 0xFF, 0xE0]), "image/jpeg", "jpg"),
        (bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "image/png", "png"),
        (bytes(ascii("GIF89a")), "image/gif", "gif"),
        (bytes(ascii("GIF87a")), "image/gif", "gif"),
        (bytes(ascii("RIFF"), [0x24, 0, 0, 0], ascii("WEBPVP8 ")), "image/webp", "webp"),
        (bytes(ftyp("heic", ["mif1", "heic"])), "image/heic", "heic"),
        (bytes(ftyp("mif1", ["mif1", "heic"])), "image/heif", "heif"),
        (bytes(ftyp("avif", ["avif", "mif1"])), "image/avif", "avif"),
        (bytes(ftyp("mif1", ["avif"])), "image/avif", "avif"),
        (bytes([0x49, 0x49, 0x2A, 0x00]), "image/tiff", "tiff"),
        (bytes([0x4D, 0x4D, 0x00, 0x2A]), "image/tiff", "tiff"),
        (bytes(ascii("BM"), [0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]), "image/bmp", "bmp"),
        (bytes(ftyp("isom", ["isom", "avc1"])), "video/mp4", "mp4"),
        (bytes(ftyp("mp42")), "video/mp4", "mp4"),
        (bytes(ftyp("qt  ")), "video/quicktime", "mov"),
        (bytes(ftyp("3gp5")), "video/3gpp", "3gp"),
        (bytes(ftyp("M4A ", ["M4A ", "mp42"])), "audio/mp4", "m4a"),
        (bytes([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01], ascii("B\u{82}\u{84}webm")), "video/webm", "webm"),
        (bytes([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01], ascii("matroska")), "video/x-matroska", "mkv"),
        (bytes(ascii("RIFF"), [0x24, 0, 0, 0], ascii("AVI LIST")), "video/x-msvideo", "avi"),
        (bytes(ascii("FLV"), [1, 5, 0, 0, 0, 9]), "video/x-flv", "flv"),
        ((0..<3).flatMap { _ in [0x47, 0x40, 0x00, 0x10] + [UInt8](repeating: 0xFF, count: 184) }, "video/mp2t", "ts"),
        (bytes([0x00, 0x00, 0x01, 0xBA, 0x44]), "video/mpeg", "mpg"),
        (bytes([0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9]), "video/x-ms-asf", "wmv"),
        (bytes(ascii("ID3"), [4, 0, 0]), "audio/mpeg", "mp3"),
        (bytes([0xFF, 0xFB, 0x90, 0x64]), "audio/mpeg", "mp3"),
        (bytes(ascii("OggS"), [0, 2], ascii("vorbis")), "audio/ogg", "ogg"),
        (bytes(ascii("RIFF"), [0x24, 0, 0, 0], ascii("WAVEfmt ")), "audio/wav", "wav"),
        (bytes(ascii("fLaC"), [0, 0, 0, 0x22]), "audio/flac", "flac"),
        (bytes(ascii("%PDF-1.7\n")), "application/pdf", "pdf"),
        (bytes([0x50, 0x4B, 0x03, 0x04, 0x14, 0]), "application/zip", "zip"),
    ]

    @Test(arguments: cases)
    func magicNumbersDecideTheType(head: [UInt8], mimeType: String, fileExtension: String) {
        let sniffed = MediaSniffer.sniff(head)
        #expect(sniffed.mimeType == mimeType)
        #expect(sniffed.fileExtension == fileExtension)
    }

    /// libav may read only the containers in `MediaContainers`; every audio and video type the
    /// sniffer names needs its demuxer there, or uploads of that type would be refused.
    static let mediaCases = cases.filter { [.video, .audio].contains(MediaSniffer.sniff($0.0).category) }

    @Test(arguments: mediaCases)
    func everyAudioAndVideoTypeHasItsDemuxer(head: [UInt8], mimeType: String, fileExtension: String) {
        let demuxer = MediaContainers.demuxer(for: MediaSniffer.sniff(head))
        #expect(demuxer.map(MediaContainers.libavDemuxers.contains) == true, "\(mimeType)")
    }

    @Test func playlistsAndListsAreNoContainerKilnReads() {
        for name in ["hls", "concat", "dash", "webm_dash_manifest", "image2", "tee", "data"] {
            #expect(!MediaContainers.libavDemuxers.contains(name), "\(name)")
        }
    }

    @Test func textIsPlainUnlessItIsMarkup() {
        #expect(MediaSniffer.sniff(Self.ascii("hello, world\nsecond line\n")).mimeType == "text/plain")
        #expect(MediaSniffer.sniff(Self.ascii("héllo wörld ✓")).mimeType == "text/plain")
        #expect(MediaSniffer.sniff(Self.ascii("  <!DOCTYPE html><html></html>")).mimeType == "text/html")
        #expect(MediaSniffer.sniff(Self.ascii("<svg xmlns='http://www.w3.org/2000/svg'/>")).mimeType == "image/svg+xml")
        #expect(MediaSniffer.sniff(Self.ascii("<?xml version='1.0'?><svg/>")).mimeType == "image/svg+xml")
        #expect(MediaSniffer.sniff(Self.ascii("<?xml version='1.0'?><feed/>")).mimeType == "application/xml")
    }

    @Test func binaryWithoutAKnownSignatureIsUnknown() {
        #expect(MediaSniffer.sniff([0x00, 0x01, 0x02, 0xFE, 0x80, 0x00]) == .unknown)
        #expect(MediaSniffer.sniff([UInt8]()) == .unknown)
        // Invalid UTF-8 is not text.
        #expect(MediaSniffer.sniff([0x68, 0x69, 0xC3, 0x28, 0x61]) == .unknown)
    }

    @Test func aCharacterCutAtTheEndOfTheHeadIsStillText() {
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: MediaSniffer.headLength - 1) + [0xE2]
        #expect(MediaSniffer.sniff(text).mimeType == "text/plain")
    }
}
