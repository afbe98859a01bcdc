/// The audio and video containers Kiln reads: those `MediaSniffer` recognizes, each with the name of
/// the libav demuxer that reads it.
///
/// libav is allowed these demuxers and no other (and only local files): its playlist and list
/// formats (HLS, DASH, ffconcat …) open the files and URLs named inside an input, so an upload of
/// one would be read as some other file on the server, or as a request to another machine.
public enum MediaContainers {
    /// By the MIME type the sniffer gives the upload.
    static let demuxerByMimeType: [String: String] = [
        // libav's `mov` demuxer reads the whole ISO base media family.
        "video/mp4": "mov", "video/quicktime": "mov", "video/3gpp": "mov", "video/3gpp2": "mov", "audio/mp4": "mov",
        "video/webm": "matroska", "video/x-matroska": "matroska",
        "video/x-msvideo": "avi",
        "video/x-flv": "flv",
        "video/mp2t": "mpegts",
        "video/mpeg": "mpeg",
        "video/x-ms-asf": "asf",
        "video/ogg": "ogg", "audio/ogg": "ogg",
        "audio/mpeg": "mp3",
        "audio/aac": "aac",
        "audio/wav": "wav",
        "audio/flac": "flac",
    ]

    /// The demuxer that reads `sniffed`, or nil when Kiln reads no media from that kind of file.
    public static func demuxer(for sniffed: SniffedType) -> String? { demuxerByMimeType[sniffed.mimeType] }

    /// Every demuxer libav may use, by its short name.
    public static let libavDemuxers: Set<String> = Set(demuxerByMimeType.values)

    /// As libav's `format_whitelist` option takes them.
    public static var libavFormatWhitelist: String { libavDemuxers.sorted().joined(separator: ",") }

    /// libav's `protocol_whitelist`: inputs are local files, never anything they name.
    public static let libavProtocolWhitelist = "file"
}
