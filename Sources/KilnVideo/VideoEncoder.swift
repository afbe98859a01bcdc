import CAV
import CMediaShims

/// Owns an opened H.264 (libx264) encoder for one rendition.
final class VideoEncoder {
    private(set) var context: UnsafeMutablePointer<AVCodecContext>?

    struct Settings {
        let width: Int
        let height: Int
        let frameRate: AVRational
        /// Capped constant quality: CRF with a maximum rate and its buffer.
        let crf: Int
        let maxBitRate: Int
        let preset: String
        let keyframeSeconds: Int
    }

    init(_ settings: Settings, globalHeader: Bool) throws(AVFailure) {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw AVFailure("find the libx264 encoder", code: kiln_averror_decoder_not_found())
        }
        context = avcodec_alloc_context3(codec)
        guard let context else { throw AVFailure("allocate the libx264 encoder", code: kiln_averror_out_of_memory()) }
        context.pointee.width = Int32(settings.width)
        context.pointee.height = Int32(settings.height)
        context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        context.pointee.framerate = settings.frameRate
        context.pointee.time_base = av_inv_q(settings.frameRate)
        context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        let framesPerSecond = max(1, Int((av_q2d(settings.frameRate)).rounded()))
        context.pointee.gop_size = Int32(framesPerSecond * settings.keyframeSeconds)
        context.pointee.keyint_min = context.pointee.gop_size
        context.pointee.rc_max_rate = Int64(settings.maxBitRate)
        context.pointee.rc_buffer_size = Int32(settings.maxBitRate * 2)
        // libavcodec's default is one thread, which makes libx264 encode in the caller's thread; let
        // it size its own frame threads, as the ffmpeg command line does.
        context.pointee.thread_count = 0
        if globalHeader { kiln_av_use_global_header(context) }
        try AVFailure.check(av_opt_set(context.pointee.priv_data, "preset", settings.preset, 0), "set the preset")
        try AVFailure.check(av_opt_set(context.pointee.priv_data, "crf", String(settings.crf), 0), "set the CRF")
        try AVFailure.check(avcodec_open2(context, codec, nil), "open the libx264 encoder")
    }

    deinit { avcodec_free_context(&context) }

    var timeBase: AVRational { context?.pointee.time_base ?? AVRational(num: 1, den: 1) }

    /// The stream's RFC 6381 codec name, `avc1.PPCCLL`, read from the sequence parameter set in the
    /// encoder's extradata (set once opened with a global header).
    var codecString: String {
        guard let context, let extradata = context.pointee.extradata, context.pointee.extradata_size > 0 else { return "avc1" }
        let bytes = Array(UnsafeBufferPointer(start: extradata, count: Int(context.pointee.extradata_size)))
        return AVCParameterSets.codecString(of: bytes) ?? "avc1"
    }

    /// Sends a frame (nil to flush) and hands every packet that comes out to `write`.
    func encode(_ frame: Frame?, into packet: Packet, write: (Packet) throws(AVFailure) -> Void) throws(AVFailure) {
        try KilnVideo.encode(frame, with: context, into: packet, "encode video", write: write)
    }
}

/// Owns an MP4 being written; with `faststart` the index is moved to the front when it is finished.
final class MP4Writer {
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private var headerWritten = false
    let path: String

    init(path: String) throws(AVFailure) {
        self.path = path
        try AVFailure.check(avformat_alloc_output_context2(&context, nil, "mp4", path), "create the MP4 output")
    }

    deinit {
        if let context {
            if context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
            avformat_free_context(context)
        }
    }

    var wantsGlobalHeader: Bool { context.map { kiln_av_format_wants_global_header($0) != 0 } ?? false }

    /// Adds a stream for an opened encoder; returns its index.
    func addStream(for encoder: UnsafeMutablePointer<AVCodecContext>?) throws(AVFailure) -> Int32 {
        try addEncodedStream(to: context, for: encoder)
    }

    /// Adds a stream that takes `source`'s packets as they are; returns its index.
    func addStream(copying source: InputStream) throws(AVFailure) -> Int32 {
        guard let stream = avformat_new_stream(context, nil) else {
            throw AVFailure("add a stream to the MP4 output", code: kiln_averror_invalid_data())
        }
        try AVFailure.check(avcodec_parameters_copy(stream.pointee.codecpar, source.pointee.codecpar), "copy the stream")
        // The source container's codec tag may not be valid in MP4; let the muxer choose.
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = source.pointee.time_base
        return stream.pointee.index
    }

    func writeHeader() throws(AVFailure) {
        guard let context else { return }
        try AVFailure.check(avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE), "open the MP4 output")
        try writeMP4Header(context, movflags: "+faststart")
        headerWritten = true
    }

    /// Writes a packet to stream `index`; the packet is emptied.
    func write(_ packet: Packet, from timeBase: AVRational, to index: Int32) throws(AVFailure) {
        guard prepare(packet, for: context, from: timeBase, to: index) else { return av_packet_unref(packet.pointer) }
        try AVFailure.check(av_interleaved_write_frame(context, packet.pointer), "write the MP4 output")
    }

    func finish() throws(AVFailure) {
        guard headerWritten else { return }
        try AVFailure.check(av_write_trailer(context), "finish the MP4 output")
        if let context, context.pointee.pb != nil { avio_closep(&context.pointee.pb) }
    }
}
