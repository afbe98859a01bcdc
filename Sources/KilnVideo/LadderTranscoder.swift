import CAV
import CMediaShims
import KilnCore

/// Where one rung of a ladder is written.
public struct RenditionTarget: Sendable, Equatable, Codable {
    public let rung: Rung
    public let path: String

    public init(rung: Rung, path: String) {
        self.rung = rung
        self.path = path
    }
}

/// Decodes a video once and encodes every rung of its ladder from each decoded frame: H.264
/// yuv420p (libx264, veryfast, CRF 23 capped per rung, a keyframe every 2 s) in MP4 with the index
/// at the front, frame rate capped at 60.
///
/// The source's audio is decoded once and encoded once (AAC 128 kb/s, stereo, 48 kHz) into every
/// rendition. Given an HLS sink, every rung's packets are also cut into fMP4 segments: the very same
/// packets, so HLS costs no second encode. Keyframes are forced on a grid shared by every rung, so
/// segment `n` starts on the same frame in each; scene cuts may add keyframes between.
/// Rotation side data is applied to the pixels, so renditions are upright without it.
/// A packet the decoder finds damaged is skipped; a stream with too many of them fails.
public enum LadderTranscoder {
    public static let maxFrameRate = 60.0

    public static func transcode(
        _ path: String, into targets: [RenditionTarget], hls: HLSSink? = nil, monitor: TranscodeMonitor = TranscodeMonitor()
    ) throws(AVFailure) {
        let input = try MediaInput(path: path)
        guard let stream = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw AVFailure("find a video stream", code: kiln_averror_invalid_data())
        }
        let decoder = try Decoder(for: stream)
        let frameRate = cappedFrameRate(stream)
        let audioStream = input.bestStream(AVMEDIA_TYPE_AUDIO)
        let origin = input.startSeconds
        let audio = try audioStream.map { stream throws(AVFailure) in try AudioTrack(stream: stream, globalHeader: true) }
        let transform = DisplayTransform(of: stream)
        let outputs = try targets.map { target throws(AVFailure) in
            try RungOutput(target, frameRate: frameRate, transform: transform, audio: audio?.encoder, hls: hls)
        }
        let duration = input.duration ?? 0
        let copy = Packet()
        func writeAudio(_ packet: Packet, _ timeBase: AVRational) throws(AVFailure) {
            for output in outputs {
                try AVFailure.check(av_packet_ref(copy.pointer, packet.pointer), "copy an audio packet")
                try output.writeAudio(copy, from: timeBase)
            }
        }

        let packet = Packet(), frame = Frame()
        let sourceFrameSeconds = 1 / av_q2d(sourceFrameRate(stream))
        var nextSeconds = 0.0
        func drainDecoder() throws(AVFailure) {
            while try decoder.receive(into: frame) {
                // A frame without a timestamp (some AVI and raw captures) follows the one before it.
                let timestamp = frame.pointer.pointee.best_effort_timestamp
                let seconds = timestamp == Int64.min
                    ? nextSeconds : Double(timestamp) * av_q2d(stream.pointee.time_base) - origin
                nextSeconds = seconds + sourceFrameSeconds
                for output in outputs { try output.encode(frame, atSeconds: seconds) }
                if duration > 0 { try monitor.report(seconds / duration) }
            }
        }
        while try input.read(into: packet) {
            if let audio, let audioStream, packet.pointer.pointee.stream_index == audioStream.pointee.index {
                try audio.feed(packet, write: writeAudio)
                continue
            }
            guard packet.pointer.pointee.stream_index == stream.pointee.index else { continue }
            try decoder.sendSkippingDamage(packet)
            try drainDecoder()
        }
        try decoder.sendSkippingDamage(nil)
        try drainDecoder()
        try decoder.requireHealthyStream()
        try audio?.feed(nil, write: writeAudio)
        for output in outputs { try output.finish() }
        try monitor.report(1)
    }

    /// The source's average frame rate, at most 60.
    static func cappedFrameRate(_ stream: InputStream) -> AVRational {
        let rate = sourceFrameRate(stream)
        return av_q2d(rate) > maxFrameRate ? AVRational(num: Int32(maxFrameRate), den: 1) : rate
    }

    /// The source's average frame rate; 30 when the container does not say.
    static func sourceFrameRate(_ stream: InputStream) -> AVRational {
        var rate = stream.pointee.avg_frame_rate
        if rate.num <= 0 || rate.den <= 0 { rate = stream.pointee.r_frame_rate }
        if rate.num <= 0 || rate.den <= 0 { return AVRational(num: 30, den: 1) }
        return rate
    }
}

/// One rung being written: its scaler, encoder, MP4 and HLS segments.
private final class RungOutput {
    let rung: Rung
    private let encoder: VideoEncoder
    private let writer: MP4Writer
    private let segmenter: HLSSegmenter?
    private var keyframes: SegmentGrid
    private let copy = Packet()
    private var scaler: FrameScaler?
    private let packet = Packet()
    private var lastTimestamp = Int64.min
    private let videoIndex: Int32
    private let audioIndex: Int32?
    /// What the source's frames need to be upright.
    private let transform: DisplayTransform
    /// The frame buffers of this rung, reused for every frame: scaled in the source's stored
    /// orientation, turned upright when the source is rotated, or a reference to the source itself.
    private let scaled: Frame
    private let turned: Frame?
    private let passedOn = Frame()

    init(_ target: RenditionTarget, frameRate: AVRational, transform: DisplayTransform, audio: AudioEncoder?, hls: HLSSink?)
        throws(AVFailure)
    {
        self.transform = transform
        let rung = target.rung
        self.rung = rung
        let sideways = transform.swapsSides
        scaled = try Self.makeFrame(
            width: sideways ? rung.height : rung.width, height: sideways ? rung.width : rung.height, for: rung)
        turned = transform.isIdentity ? nil : try Self.makeFrame(width: rung.width, height: rung.height, for: rung)
        writer = try MP4Writer(path: target.path)
        encoder = try VideoEncoder(
            .init(width: rung.width, height: rung.height, frameRate: frameRate, crf: 23, maxBitRate: rung.maxBitRate,
                preset: "veryfast", keyframeSeconds: 2),
            globalHeader: writer.wantsGlobalHeader)
        let writer = writer
        videoIndex = try writer.addStream(for: encoder.context)
        audioIndex = try audio.map { audio throws(AVFailure) in try writer.addStream(for: audio.context) }
        try writer.writeHeader()
        keyframes = SegmentGrid(timeBase: encoder.timeBase)
        let encoder = encoder
        segmenter = try hls.map { sink throws(AVFailure) in
            let header = HLSRungHeader(
                name: rung.name, width: rung.width, height: rung.height,
                codecs: ([encoder.codecString] + (audio == nil ? [] : [AudioEncoder.codecString])).joined(separator: ","),
                frameRate: av_q2d(frameRate))
            return try HLSSegmenter(header: header, video: encoder, audio: audio, sink: sink)
        }
    }

    func encode(_ source: Frame, atSeconds seconds: Double) throws(AVFailure) {
        // In the encoder's time base (1/frame rate), a source frame that lands on an instant already
        // written is dropped: that is how a frame rate above the cap comes down to it.
        let timestamp = Int64((seconds / av_q2d(encoder.timeBase)).rounded())
        guard timestamp > lastTimestamp else { return }
        lastTimestamp = timestamp

        let picture = try upright(source)
        picture.pointer.pointee.pts = timestamp
        // Only the grid decides forced keyframes: a source's own I pictures are not copied over.
        picture.pointer.pointee.pict_type = keyframes.passes(timestamp) ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        try encoder.encode(picture, into: packet, write: writeVideo)
    }

    /// The source frame at this rung's size, upright. A source already at the rung's size and format
    /// is passed on by reference, as ffmpeg's scale filter does, instead of being copied.
    private func upright(_ source: Frame) throws(AVFailure) -> Frame {
        let width = Int(source.pointer.pointee.width), height = Int(source.pointer.pointee.height)
        if transform.isIdentity, width == rung.width, height == rung.height, source.pointer.pointee.format == AV_PIX_FMT_YUV420P.rawValue {
            av_frame_unref(passedOn.pointer)
            try AVFailure.check(av_frame_ref(passedOn.pointer, source.pointer), "pass a frame on to \(rung.name)")
            return passedOn
        }
        // Scale in the stored orientation, then turn upright.
        try makeWritable(scaled)
        if scaler?.takes(source) != true {
            scaler = try FrameScaler(
                from: source, to: (scaled.pointer.pointee.width, scaled.pointer.pointee.height), AV_PIX_FMT_YUV420P)
        }
        try scaler?.scale(source, into: scaled)
        guard let turned else { return scaled }
        try makeWritable(turned)
        scaled.copy(transform, into: turned)
        return turned
    }

    /// The encoder has let go of the frame it was last given by the time `encode` returns, so the
    /// same buffers serve every frame; this only allocates if something still holds them.
    private func makeWritable(_ frame: Frame) throws(AVFailure) {
        try AVFailure.check(av_frame_make_writable(frame.pointer), "reuse a \(rung.name) frame")
    }

    private static func makeFrame(width: Int, height: Int, for rung: Rung) throws(AVFailure) -> Frame {
        let frame = Frame()
        frame.pointer.pointee.width = Int32(width)
        frame.pointer.pointee.height = Int32(height)
        frame.pointer.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        try AVFailure.check(av_frame_get_buffer(frame.pointer, 0), "allocate a \(rung.name) frame")
        return frame
    }

    func writeAudio(_ packet: Packet, from timeBase: AVRational) throws(AVFailure) {
        guard let audioIndex else { return av_packet_unref(packet.pointer) }
        if let segmenter {
            try AVFailure.check(av_packet_ref(copy.pointer, packet.pointer), "copy an audio packet")
            try segmenter.writeAudio(copy, from: timeBase)
        }
        try writer.write(packet, from: timeBase, to: audioIndex)
    }

    private func writeVideo(_ packet: Packet) throws(AVFailure) {
        // libx264 leaves durations unset, and MP4 would then give the last frame none: one frame lasts
        // one tick of the encoder's time base (1/frame rate), as the ffmpeg command line assumes.
        if packet.pointer.pointee.duration <= 0 { packet.pointer.pointee.duration = 1 }
        if let segmenter {
            try AVFailure.check(av_packet_ref(copy.pointer, packet.pointer), "copy a video packet")
            try segmenter.writeVideo(copy)
        }
        try writer.write(packet, from: encoder.timeBase, to: videoIndex)
    }

    func finish() throws(AVFailure) {
        try encoder.encode(nil, into: packet, write: writeVideo)
        try writer.finish()
        try segmenter?.finish()
    }
}
