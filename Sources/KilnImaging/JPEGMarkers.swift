/// Splices an ICC profile into a JPEG written without metadata, as APP2 `ICC_PROFILE` segments
/// (ICC.1 Annex B), right after the JFIF header.
enum JPEGMarkers {
    static let maxProfileBytesPerSegment = 65_519

    static func embeddingICCProfile(_ profile: [UInt8], in jpeg: [UInt8]) -> [UInt8] {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8, !profile.isEmpty else { return jpeg }
        var insertAt = 2
        if jpeg[2] == 0xFF, jpeg[3] == 0xE0, jpeg.count >= 6 {
            // A JFIF length that runs past the end is not believed: the profile goes after SOI.
            let afterJFIF = 4 + (Int(jpeg[4]) << 8 | Int(jpeg[5]))
            if afterJFIF <= jpeg.count { insertAt = afterJFIF }
        }
        let chunks = stride(from: 0, to: profile.count, by: maxProfileBytesPerSegment).map {
            profile[$0..<min($0 + maxProfileBytesPerSegment, profile.count)]
        }
        guard chunks.count <= 255 else { return jpeg }
        var segments: [UInt8] = []
        for (index, chunk) in chunks.enumerated() {
            let length = 2 + 12 + 2 + chunk.count
            segments += [0xFF, 0xE2, UInt8(length >> 8), UInt8(length & 0xFF)]
            segments += Array("ICC_PROFILE".utf8) + [0, UInt8(index + 1), UInt8(chunks.count)]
            segments += chunk
        }
        return Array(jpeg[..<insertAt]) + segments + Array(jpeg[insertAt...])
    }
}
