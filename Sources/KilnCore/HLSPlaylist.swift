/// The text of an HLS presentation's playlists (RFC 8216), with URIs relative to the master
/// playlist's folder: `<variant>.m3u8` beside it, `<attempt>/<variant>/init.mp4` and
/// `<attempt>/<variant>/<n>.m4s` below it. `query` (a signed grant) is appended to every URI, since a
/// relative URI does not inherit the query of the playlist it is in.
public enum HLSPlaylist {
    /// `EXT-X-MAP` in a playlist without `EXT-X-I-FRAMES-ONLY` needs at least 6; 7 is what Apple's
    /// tools write for fMP4 segments.
    static let version = 7

    public static func master(_ presentation: HLSPresentation, query: String?) -> String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:\(version)", "#EXT-X-INDEPENDENT-SEGMENTS"]
        for variant in presentation.variants {
            let attributes = [
                "BANDWIDTH=\(variant.peakBitRate)",
                "AVERAGE-BANDWIDTH=\(variant.averageBitRate)",
                "RESOLUTION=\(variant.width)x\(variant.height)",
                "CODECS=\"\(variant.codecs)\"",
                "FRAME-RATE=\(decimal(variant.frameRate))",
            ]
            lines.append("#EXT-X-STREAM-INF:" + attributes.joined(separator: ","))
            lines.append(uri("\(variant.name).m3u8", query))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// nil when the presentation has no such variant.
    public static func media(_ presentation: HLSPresentation, variant name: String, query: String?) -> String? {
        guard presentation.variant(named: name) != nil else { return nil }
        let folder = "\(presentation.attempt)/\(name)/"
        var lines = [
            "#EXTM3U", "#EXT-X-VERSION:\(version)", "#EXT-X-TARGETDURATION:\(presentation.targetDuration)",
            "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-INDEPENDENT-SEGMENTS",
            "#EXT-X-MAP:URI=\"\(uri(folder + "init.mp4", query))\"",
        ]
        for (index, seconds) in presentation.segments.enumerated() {
            lines.append("#EXTINF:\(decimal(seconds)),")
            lines.append(uri(folder + "\(index).m4s", query))
        }
        if presentation.isComplete { lines.append("#EXT-X-ENDLIST") }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func uri(_ path: String, _ query: String?) -> String {
        query.map { "\(path)?\($0)" } ?? path
    }

    /// Three decimals, as `4.000` or `29.970`, never in exponent form.
    static func decimal(_ value: Double) -> String {
        let thousandths = Int64((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
