/// Inputs that make libav open other files, as bytes.
public enum HostileMedia {
    /// A media playlist naming `segment`; `binary` adds a comment of control characters so a sniffer
    /// that judges text by them calls it unknown binary, and the video endpoints take it to libav.
    public static func hlsPlaylist(segment: String, binary: Bool = false) -> [UInt8] {
        Array("#EXTM3U\n#EXT-X-TARGETDURATION:2\n".utf8) + (binary ? Array("#".utf8) + [UInt8](repeating: 1, count: 64) + [10] : [])
            + Array("#EXTINF:2,\n\(segment)\n#EXT-X-ENDLIST\n".utf8)
    }

    /// An ffconcat list; libav resolves the name against the list's own folder.
    public static func ffconcat(relativeSegment: String) -> [UInt8] {
        Array("ffconcat version 1.0\n#".utf8) + [UInt8](repeating: 1, count: 64) + Array("\nfile \(relativeSegment)\n".utf8)
    }

    /// `bytes` behind an ID3v2 tag: the sniffer says MP3, and libav skips the tag before probing.
    public static func id3Tagged(_ bytes: [UInt8]) -> [UInt8] {
        Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 10) + bytes
    }
}
