import CAV
import CMediaShims
import KilnCore

/// Owns an opened `AVFormatContext`: a container with its streams found; closed in `deinit`.
final class MediaInput {
    private(set) var context: UnsafeMutablePointer<AVFormatContext>?

    /// Every input libav reads, uploads and stored sources alike, is opened here: as a local file,
    /// by one of the demuxers of `MediaContainers`, so nothing an input names is ever opened.
    init(path: String) throws(AVFailure) {
        LibavLog.quiet()
        var context: UnsafeMutablePointer<AVFormatContext>?
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "protocol_whitelist", MediaContainers.libavProtocolWhitelist, 0)
        av_dict_set(&options, "format_whitelist", MediaContainers.libavFormatWhitelist, 0)
        try AVFailure.check(avformat_open_input(&context, path, nil, &options), AVFailure.openInput)
        self.context = context
        try AVFailure.check(avformat_find_stream_info(context, nil), "read the input's streams")
    }

    deinit { avformat_close_input(&context) }

    var formatName: String { context.flatMap { $0.pointee.iformat }.map { String(cString: $0.pointee.name) } ?? "" }

    /// Seconds, when the container knows.
    var duration: Double? {
        guard let context, context.pointee.duration > 0 else { return nil }
        return Double(context.pointee.duration) / Double(AV_TIME_BASE)
    }

    /// Seconds from the earliest packet's timestamp to the latest packet's end, reading the input to
    /// its end without decoding: containers written to a pipe (ASF, some Matroska) never say how
    /// long they run. Nil when no packet has a timestamp. Reading stops at damage: what a damaged
    /// file says beyond it is not believed, and the sandbox's CPU budget (which follows this
    /// duration) ends a decode that goes on past it. Leaves the input at its end.
    func measuredDuration() -> Double? {
        guard let context else { return nil }
        let packet = Packet()
        var earliest = Double.infinity, latest = -Double.infinity
        while (try? read(into: packet)) == true {
            let read = packet.pointer.pointee
            let timestamp = read.pts != Int64.min ? read.pts : read.dts
            guard timestamp != Int64.min, read.stream_index >= 0, read.stream_index < context.pointee.nb_streams,
                let stream = context.pointee.streams[Int(read.stream_index)]
            else { continue }
            let timeBase = av_q2d(stream.pointee.time_base)
            let start = Double(timestamp) * timeBase
            // ASF leaves packet durations out: a video frame then lasts one frame interval.
            let frameRate = av_q2d(stream.pointee.avg_frame_rate)
            let length = read.duration > 0 ? Double(read.duration) * timeBase : (frameRate > 0 ? 1 / frameRate : 0)
            earliest = min(earliest, start)
            latest = max(latest, start + length)
        }
        return latest > earliest ? latest - earliest : nil
    }

    /// Seconds at which the earliest stream starts (an MPEG-TS capture starts well after zero);
    /// renditions start at zero, each stream shifted by this same amount so they stay in sync.
    var startSeconds: Double {
        guard let context, context.pointee.start_time != Int64.min else { return 0 }
        return Double(context.pointee.start_time) / Double(AV_TIME_BASE)
    }

    var bitRate: Int? {
        guard let context, context.pointee.bit_rate > 0 else { return nil }
        return Int(context.pointee.bit_rate)
    }

    /// The input's size in bytes, when its I/O knows.
    var byteCount: Int64? {
        guard let pb = context?.pointee.pb else { return nil }
        let size = avio_size(pb)
        return size > 0 ? size : nil
    }

    /// The width `stream`'s pictures are shown at: anamorphic video (HDV, DVD, some phone apps) stores
    /// fewer columns than it shows, and says so with a sample aspect ratio.
    func displayWidth(of stream: InputStream, storedWidth: Int) -> Int {
        let aspect = av_guess_sample_aspect_ratio(context, stream.pointer, nil)
        guard aspect.num > 0, aspect.den > 0, aspect.num != aspect.den else { return storedWidth }
        return max(2, Int((Double(storedWidth) * av_q2d(aspect) / 2).rounded()) * 2)
    }

    /// Reads the next packet of any stream; false at the end of the file.
    func read(into packet: Packet) throws(AVFailure) -> Bool {
        av_packet_unref(packet.pointer)
        let result = av_read_frame(context, packet.pointer)
        if result == kiln_averror_eof() { return false }
        try AVFailure.check(result, "read a packet")
        return true
    }

    /// Seeks `stream` to the keyframe at or before `seconds`.
    func seek(_ stream: InputStream, to seconds: Double) throws(AVFailure) {
        let timestamp = Int64(seconds / av_q2d(stream.pointee.time_base))
        try AVFailure.check(
            av_seek_frame(context, stream.pointee.index, timestamp, AVSEEK_FLAG_BACKWARD), "seek to \(seconds) s")
    }

    /// The stream a player would pick for `type`, if any; cover art is not a video stream.
    func bestStream(_ type: AVMediaType) -> InputStream? {
        guard let context else { return nil }
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0, let stream = context.pointee.streams[Int(index)] else { return nil }
        return kiln_av_stream_is_attached_picture(stream) != 0 ? nil : InputStream(input: self, pointer: stream)
    }
}

/// A stream of an open input. libav frees a stream with its format context, so the stream holds
/// the input that owns it: no stream outlives its `MediaInput`, however late it is last used.
struct InputStream {
    let input: MediaInput
    let pointer: UnsafeMutablePointer<AVStream>

    var pointee: AVStream { pointer.pointee }
}

/// libav prints every damaged packet to stderr; Kiln reports failures through `AVFailure` instead.
enum LibavLog {
    private static let silenced: Void = av_log_set_level(AV_LOG_FATAL)
    static func quiet() { _ = silenced }
}
