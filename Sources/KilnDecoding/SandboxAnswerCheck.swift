import KilnCore
import KilnImaging
import KilnVideo

/// What the parent accepts from a child. The child decodes hostile input, so after a successful
/// exploit it may say anything: every number, name and payload it sends is checked against what
/// the job asked for before any of it reaches a store, a playlist or a picture encoder. A message
/// that fails is the child's crash, not the node's.
struct SandboxAnswerCheck {
    let job: DecodeJob

    /// Longer sides than any decoder Kiln accepts makes (8K is 7680).
    static let maxSide = 16_384
    /// Segments of one rung: a day of 4 s segments, far past the longest video allowed.
    static let maxSegments = 21_600
    static let maxTextLength = 256
    /// A text in an image's EXIF: the whole EXIF block of a JPEG is at most 64 KiB.
    static let maxMetadataText = 65_536
    static let maxMetadataEntries = 32
    /// libvips' reason for an undecodable image, which only the log shows.
    static let maxDetailLength = 65_536

    /// The event `message` carries with `payload`, once checked; nil for a message that carries
    /// none. Throws when the message is one no honest child sends for this job.
    func event(of message: SandboxMessage, payload: [UInt8]) throws -> DecodeEvent? {
        switch message {
        case .probed(let info):
            try require(job.isProbe && payload.isEmpty && Self.isSane(info), "a probe")
        case .poster(let width, let height):
            try require(
                job.isPoster && Self.isSide(width) && Self.isSide(height) && payload.count == width * height * 3, "a poster")
        case .hlsInitialization(let header):
            try require(
                askedFor(header.name) && Self.isSide(header.width) && Self.isSide(header.height)
                    && Self.isCodecList(header.codecs) && header.frameRate.isFinite && header.frameRate >= 0,
                "an HLS header")
        case .hlsSegment(let rung, let index, let seconds):
            try require(
                askedFor(rung) && (0..<Self.maxSegments).contains(index) && seconds.isFinite && seconds > 0 && seconds <= 3600,
                "an HLS segment")
        case .image(let frame):
            try require(isHonest(frame, payload: payload), "an image")
        case .imageRefused(let rejection):
            try require(isHonest(rejection) && payload.isEmpty, "an image refusal")
        case .progress(let fraction):
            try require(fraction.isFinite, "progress")
            return nil
        case .confined, .finished, .failed:
            return nil
        }
        return message.event(payload: payload)
    }

    private func require(_ holds: Bool, _ what: String) throws {
        guard holds else { throw SandboxFailure(.decoderCrashed, "it sent \(what) no decoder sends for this job") }
    }

    /// HLS pieces only of the rungs the ladder asked for, which are the names its blobs may carry.
    private func askedFor(_ rung: String) -> Bool {
        guard case .ladder(_, let targets, let hls) = job, hls else { return false }
        return targets.contains { $0.rung.name == rung }
    }

    /// The sizes the pipeline makes, in its order and one format, each within the pixel limit and
    /// with its bytes in the payload; a header the limit let through; a BlurHash `encode` can make;
    /// and metadata of the shape `ExifReader` writes, because all of it lands in the file object.
    private func isHonest(_ frame: ImageFrame, payload: [UInt8]) -> Bool {
        guard case .image(let pipeline) = job, Self.isSane(frame.header, within: pipeline.maxPixels) else { return false }
        let sizes = frame.sizes
        let oneFormat = Set(sizes.map { [$0.mimeType, $0.fileExtension] }).count == 1
        let fits = sizes.allSatisfy { size in
            size.byteCount > 0 && size.byteCount <= payload.count && size.width > 0 && size.height > 0
                && ImageHeader.pixels(width: size.width, height: size.height) <= pipeline.maxPixels
                && ImageVariant.isServed(mimeType: size.mimeType, fileExtension: size.fileExtension)
        }
        return sizes.map(\.name) == pipeline.sizeNames && oneFormat && fits
            && sizes.reduce(0) { $0 + $1.byteCount } == payload.count && frame.isFull == pipeline.fullImage
            && BlurHash.isWellFormed(frame.blurHash) && Self.isMetadata(frame.exif) && Self.isMetadata(frame.gps)
    }

    /// A refusal is only for what the job asked: its own limit, and a reason kept for the log.
    private func isHonest(_ rejection: ImageRejection) -> Bool {
        guard case .image(let pipeline) = job else { return false }
        switch rejection {
        case .tooManyPixels(let header, let limit):
            return limit == pipeline.maxPixels && header.frames >= 1 && header.storedWidth >= 0 && header.storedHeight >= 0
                && header.pixelCount > limit
        case .undecodable(let detail):
            return detail.utf8.count <= Self.maxDetailLength
        }
    }

    static func isSide(_ side: Int) -> Bool { (1...maxSide).contains(side) }

    static func isSane(_ header: ImageHeader, within maxPixels: Int64) -> Bool {
        header.storedWidth > 0 && header.storedHeight > 0 && header.frames > 0 && (1...8).contains(header.orientation)
            && header.pixelCount <= maxPixels
    }

    /// A few named readings, each a short text or a finite number.
    static func isMetadata(_ values: [String: JSONValue]) -> Bool {
        values.count <= maxMetadataEntries
            && values.allSatisfy { key, value in
                guard key.utf8.count <= maxTextLength else { return false }
                switch value {
                case .string(let text): return text.utf8.count <= maxMetadataText
                case .number(let number): return number.isFinite
                case .null, .bool, .array, .object: return false
                }
            }
    }

    /// RFC 6381 names (`avc1.64001f,mp4a.40.2`): they go into the master playlist as they are.
    static func isCodecList(_ codecs: String) -> Bool {
        !codecs.isEmpty && codecs.utf8.count <= maxTextLength
            && codecs.utf8.allSatisfy { byte in
                byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") || (0x30...0x39).contains(byte)
                    || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            }
    }

    static func isSane(_ info: MediaInfo) -> Bool {
        let sides = [info.width, info.height].allSatisfy { $0.map(isSide) ?? true }
        // Longer than any limit lets through, yet small enough for the CPU budget's arithmetic.
        let numbers = [info.duration, info.frameRate].allSatisfy { $0.map { $0 >= 0 && $0 <= 10_000_000 } ?? true }
        let texts = [info.videoCodec, info.audioCodec, info.pixelFormat, info.containerFormat]
            .allSatisfy { ($0?.utf8.count ?? 0) <= maxTextLength }
        return sides && numbers && texts && [0, 90, 180, 270].contains(info.rotation) && (info.bitRate ?? 0) >= 0
    }
}

extension DecodeJob {
    var isProbe: Bool {
        if case .probe = self { true } else { false }
    }

    var isPoster: Bool {
        if case .poster = self { true } else { false }
    }
}
