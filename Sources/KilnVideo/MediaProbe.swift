import CAV
import CMediaShims
import KilnCore

/// What a probe of a video or audio file finds, before anything is decoded.
public struct MediaInfo: Sendable, Equatable, Codable {
    /// As displayed: sample aspect ratio and rotation side data applied.
    public var width: Int?
    public var height: Int?
    /// Clockwise degrees a player turns the stored frames: 0, 90, 180 or 270.
    public var rotation: Int
    /// Shown mirrored left to right (after the rotation).
    public var mirrored = false
    public var duration: Double?
    public var frameRate: Double?
    public var bitRate: Int?
    public var videoCodec: String?
    public var audioCodec: String?
    /// The decoded picture format, e.g. `yuv420p`.
    public var pixelFormat: String?
    /// libav's demuxer names, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public var containerFormat = ""
    /// Whether this libav build has a decoder for the video (and audio) codec.
    public var canDecodeVideo = false
    public var canDecodeAudio = false
    /// False for anamorphic video, whose stored width differs from its displayed width.
    public var hasSquarePixels = true
    public var hasVideo: Bool { videoCodec != nil }
    public var hasAudio: Bool { audioCodec != nil }

    /// Whether the source can be copied into an MP4 as its `original` rendition without re-encoding:
    /// H.264 yuv420p (and AAC, if it has sound) from MP4/MOV, at most 60 frames a second, upright,
    /// square-pixelled and of even size, which is what an encode would produce too.
    public var isRemuxableToMP4: Bool {
        containerFormat.split(separator: ",").contains("mp4") && videoCodec == "h264" && pixelFormat == "yuv420p"
            && (audioCodec == nil || audioCodec == "aac") && (frameRate ?? 0) > 0
            && (frameRate ?? 0) <= LadderTranscoder.maxFrameRate && rotation == 0 && !mirrored && hasSquarePixels
            && (width ?? 1) % 2 == 0 && (height ?? 1) % 2 == 0
    }

    /// The `attributes.metadata` keys of the file object.
    public var metadata: [String: JSONValue] {
        var metadata: [String: JSONValue] = ["hasAudio": .bool(hasAudio)]
        if let width { metadata["width"] = .number(Double(width)) }
        if let height { metadata["height"] = .number(Double(height)) }
        if hasVideo { metadata["rotation"] = .number(Double(rotation)) }
        if let duration { metadata["duration"] = .number((duration * 1000).rounded() / 1000) }
        if let frameRate { metadata["frameRate"] = .number((frameRate * 1000).rounded() / 1000) }
        if let bitRate { metadata["bitRate"] = .number(Double(bitRate)) }
        if let videoCodec { metadata["videoCodec"] = .string(videoCodec) }
        if let audioCodec { metadata["audioCodec"] = .string(audioCodec) }
        return metadata
    }
}

public enum MediaProbe {
    /// Opens the container and reads its stream parameters; throws with libav's reason when the file
    /// is not media libav can read. A container that does not say how long it runs is measured.
    public static func probe(path: String) throws(AVFailure) -> MediaInfo {
        let input = try MediaInput(path: path)
        let duration = input.duration ?? input.measuredDuration()
        var info = MediaInfo(rotation: 0, duration: duration, bitRate: input.bitRate ?? averageBitRate(input.byteCount, duration))
        info.containerFormat = input.formatName
        if let video = input.bestStream(AVMEDIA_TYPE_VIDEO), let parameters = video.pointee.codecpar {
            let transform = DisplayTransform(of: video)
            info.rotation = transform.clockwise
            info.mirrored = transform.mirrored
            let storedWidth = Int(parameters.pointee.width), height = Int(parameters.pointee.height)
            let width = input.displayWidth(of: video, storedWidth: storedWidth)
            info.hasSquarePixels = width == storedWidth
            (info.width, info.height) = transform.size(width: width, height: height)
            info.videoCodec = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            info.canDecodeVideo = avcodec_find_decoder(parameters.pointee.codec_id) != nil
            info.pixelFormat = av_get_pix_fmt_name(AVPixelFormat(parameters.pointee.format)).map { String(cString: $0) }
            info.frameRate = rate(video.pointee.avg_frame_rate) ?? rate(video.pointee.r_frame_rate)
        }
        if let audio = input.bestStream(AVMEDIA_TYPE_AUDIO), let parameters = audio.pointee.codecpar {
            info.audioCodec = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            info.canDecodeAudio = avcodec_find_decoder(parameters.pointee.codec_id) != nil
        }
        return info
    }

    /// Bits per second over the whole file, for containers that do not say.
    private static func averageBitRate(_ bytes: Int64?, _ seconds: Double?) -> Int? {
        guard let bytes, let seconds, seconds > 0 else { return nil }
        return Int((Double(bytes) * 8 / seconds).rounded())
    }

    private static func rate(_ rational: AVRational) -> Double? {
        guard rational.num > 0, rational.den > 0 else { return nil }
        return Double(rational.num) / Double(rational.den)
    }
}
