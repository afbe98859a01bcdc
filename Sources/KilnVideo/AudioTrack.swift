import CAV
import CMediaShims

/// Owns an opened AAC encoder: stereo, 48 kHz, 128 kb/s.
final class AudioEncoder {
    static let sampleRate: Int32 = 48_000
    private(set) var context: UnsafeMutablePointer<AVCodecContext>?

    init(globalHeader: Bool) throws(AVFailure) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_AAC) else {
            throw AVFailure("find the AAC encoder", code: kiln_averror_decoder_not_found())
        }
        context = avcodec_alloc_context3(codec)
        guard let context else { throw AVFailure("allocate the AAC encoder", code: kiln_averror_out_of_memory()) }
        context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        context.pointee.sample_rate = Self.sampleRate
        av_channel_layout_default(&context.pointee.ch_layout, 2)
        context.pointee.bit_rate = 128_000
        context.pointee.time_base = AVRational(num: 1, den: Self.sampleRate)
        if globalHeader { kiln_av_use_global_header(context) }
        try AVFailure.check(avcodec_open2(context, codec, nil), "open the AAC encoder")
    }

    deinit { avcodec_free_context(&context) }

    var timeBase: AVRational { context?.pointee.time_base ?? AVRational(num: 1, den: Self.sampleRate) }
    /// RFC 6381 name of what this encoder makes: MPEG-4 AAC LC.
    static let codecString = "mp4a.40.2"
    var frameSize: Int32 { max(1, context?.pointee.frame_size ?? 1024) }

    func encode(_ frame: Frame?, into packet: Packet, write: (Packet) throws(AVFailure) -> Void) throws(AVFailure) {
        try KilnVideo.encode(frame, with: context, into: packet, "encode audio", write: write)
    }
}

/// Decodes the source's audio once, converts it to the encoder's format and rate, and encodes it in
/// frames of the encoder's size; every packet goes to every rendition.
final class AudioTrack {
    let decoder: Decoder
    let encoder: AudioEncoder
    private var resampler: OpaquePointer?
    private let fifo: OpaquePointer
    private let decoded = Frame()
    private let packet = Packet()
    private var samplesEncoded: Int64 = 0
    private let stream: InputStream
    /// The instant of the source that becomes zero in the output (see `MediaInput.startSeconds`).
    private let origin: Double
    private var started = false

    init(stream: InputStream, globalHeader: Bool) throws(AVFailure) {
        self.stream = stream
        origin = stream.input.startSeconds
        decoder = try Decoder(for: stream)
        encoder = try AudioEncoder(globalHeader: globalHeader)
        guard let decoderContext = decoder.context, let encoderContext = encoder.context else {
            throw AVFailure("set up audio", code: kiln_averror_invalid_data())
        }
        var inputLayout = decoderContext.pointee.ch_layout
        if inputLayout.nb_channels <= 0 { av_channel_layout_default(&inputLayout, 2) }
        try AVFailure.check(
            swr_alloc_set_opts2(
                &resampler, &encoderContext.pointee.ch_layout, AV_SAMPLE_FMT_FLTP, AudioEncoder.sampleRate, &inputLayout,
                decoderContext.pointee.sample_fmt, decoderContext.pointee.sample_rate, 0, nil),
            "configure the resampler")
        try AVFailure.check(swr_init(resampler), "start the resampler")
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, 2, encoder.frameSize) else {
            throw AVFailure("allocate the audio buffer", code: kiln_averror_invalid_data())
        }
        self.fifo = fifo
    }

    deinit {
        swr_free(&resampler)
        av_audio_fifo_free(fifo)
    }

    /// Feeds one source packet (nil at the end) and writes whatever audio is ready.
    func feed(_ source: Packet?, write: (Packet, AVRational) throws(AVFailure) -> Void) throws(AVFailure) {
        try decoder.sendSkippingDamage(source)
        while try decoder.receive(into: decoded) {
            if !started { startAtFirstFrame() }
            try resample(decoded)
        }
        if source == nil { try resample(nil) }
        try encodeBuffered(flushing: source == nil, write: write)
    }

    /// Audio that starts after the video (or after the file's origin) starts as late in the output,
    /// so the two stay in sync.
    private func startAtFirstFrame() {
        started = true
        let timestamp = decoded.pointer.pointee.best_effort_timestamp
        guard timestamp != Int64.min else { return }
        let seconds = Double(timestamp) * av_q2d(stream.pointee.time_base) - origin
        samplesEncoded = max(0, Int64((seconds * Double(AudioEncoder.sampleRate)).rounded()))
    }

    /// Converts `frame`; nil flushes the samples the resampler keeps back for filtering.
    private func resample(_ frame: Frame?) throws(AVFailure) {
        let converted = Frame.encoderAudio()
        var result = swr_convert_frame(resampler, converted.pointer, frame?.pointer)
        if result == kiln_averror_input_changed(), let frame {
            // Decoders may describe their frames otherwise than the container did (ASF names only a
            // channel count), and streams may change layout or rate midway: follow the frames.
            try AVFailure.check(swr_config_frame(resampler, converted.pointer, frame.pointer), "reconfigure the resampler")
            result = swr_convert_frame(resampler, converted.pointer, frame.pointer)
        }
        try AVFailure.check(result, "resample audio")
        try buffer(converted)
    }

    private func buffer(_ frame: Frame) throws(AVFailure) {
        guard frame.pointer.pointee.nb_samples > 0 else { return }
        let planes = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
        try AVFailure.check(av_audio_fifo_write(fifo, planes, frame.pointer.pointee.nb_samples), "buffer audio")
    }

    private func encodeBuffered(flushing: Bool, write: (Packet, AVRational) throws(AVFailure) -> Void) throws(AVFailure) {
        let frameSize = encoder.frameSize
        while av_audio_fifo_size(fifo) >= frameSize || (flushing && av_audio_fifo_size(fifo) > 0) {
            let count = min(frameSize, av_audio_fifo_size(fifo))
            let frame = Frame.encoderAudio(samples: count)
            try AVFailure.check(av_frame_get_buffer(frame.pointer, 0), "allocate an audio frame")
            let planes = UnsafeMutableRawPointer(frame.pointer.pointee.extended_data).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            try AVFailure.check(av_audio_fifo_read(fifo, planes, count), "read buffered audio")
            frame.pointer.pointee.pts = samplesEncoded
            samplesEncoded += Int64(count)
            try encoder.encode(frame, into: packet) { packet throws(AVFailure) in try write(packet, encoder.timeBase) }
        }
        if flushing {
            try encoder.encode(nil, into: packet) { packet throws(AVFailure) in try write(packet, encoder.timeBase) }
        }
    }
}

extension Frame {
    /// An empty frame in the AAC encoder's format: float planar stereo at 48 kHz.
    static func encoderAudio(samples: Int32 = 0) -> Frame {
        let frame = Frame()
        frame.pointer.pointee.nb_samples = samples
        frame.pointer.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointer.pointee.sample_rate = AudioEncoder.sampleRate
        av_channel_layout_default(&frame.pointer.pointee.ch_layout, 2)
        return frame
    }
}
