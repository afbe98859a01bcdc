import CAV
import CMediaShims

/// Owns an `AVPacket`.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        pointer = av_packet_alloc()
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&pointer)
    }
}

/// Owns an `AVFrame`.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        pointer = av_frame_alloc()
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&pointer)
    }
}

/// Owns an opened decoder for one stream.
final class Decoder {
    private(set) var context: UnsafeMutablePointer<AVCodecContext>?

    init(for stream: InputStream) throws(AVFailure) {
        guard let parameters = stream.pointee.codecpar, let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw AVFailure("find a decoder", code: kiln_averror_decoder_not_found())
        }
        context = avcodec_alloc_context3(codec)
        guard context != nil else { throw AVFailure("allocate the decoder", code: kiln_averror_out_of_memory()) }
        try AVFailure.check(avcodec_parameters_to_context(context, parameters), "configure the decoder")
        context?.pointee.pkt_timebase = stream.pointee.time_base
        // As many decoding threads as libav finds useful, as the ffmpeg command line does.
        context?.pointee.thread_count = 0
        try AVFailure.check(avcodec_open2(context, codec, nil), "open the \(String(cString: codec.pointee.name)) decoder")
    }

    deinit { avcodec_free_context(&context) }

    /// Packets sent, packets the decoder refused as damaged, and frames that came out.
    private(set) var packetsSent = 0
    private(set) var damagedPackets = 0
    private(set) var framesReceived = 0
    private var lastDamage: AVFailure?

    private func send(_ packet: Packet?) throws(AVFailure) {
        try AVFailure.check(avcodec_send_packet(context, packet?.pointer), "decode")
    }

    /// Sends a packet, counting one the decoder finds damaged instead of failing on it: real files
    /// carry the odd broken packet, and players skip it too. `requireHealthyStream` judges the total.
    /// A frame-threaded decoder reports a damaged packet a few calls later, from `receive` or from
    /// the flush, so damage is counted wherever it surfaces.
    func sendSkippingDamage(_ packet: Packet?) throws(AVFailure) {
        if packet != nil { packetsSent += 1 }
        do {
            try send(packet)
        } catch where error.code == kiln_averror_invalid_data() {
            countDamage(error)
        }
    }

    /// The next decoded frame, skipping frames the decoder reports as damaged; false when the
    /// decoder needs more input or is drained.
    func receive(into frame: Frame) throws(AVFailure) -> Bool {
        while true {
            let result = avcodec_receive_frame(context, frame.pointer)
            if result == kiln_averror_eagain() || result == kiln_averror_eof() { return false }
            do {
                try AVFailure.check(result, "decode")
            } catch where error.code == kiln_averror_invalid_data() {
                countDamage(error)
                continue
            }
            framesReceived += 1
            return true
        }
    }

    private func countDamage(_ error: AVFailure) {
        damagedPackets += 1
        lastDamage = error
    }

    /// Fails when nothing could be decoded, or when more than a tenth of the packets were damaged.
    func requireHealthyStream() throws(AVFailure) {
        let code = lastDamage?.code ?? kiln_averror_invalid_data()
        if framesReceived == 0 {
            throw AVFailure("decode: no frame of \(packetsSent) packets could be decoded", code: code)
        }
        if damagedPackets * 10 > packetsSent {
            throw AVFailure("decode: \(damagedPackets) of \(packetsSent) packets are damaged", code: code)
        }
    }
}

/// Owns a swscale context converting one frame geometry and format to packed RGB of a given size.
final class RGBScaler {
    let context: OpaquePointer
    let width: Int
    let height: Int

    init(from source: (width: Int, height: Int), _ format: AVPixelFormat, to size: (width: Int, height: Int)) throws(AVFailure) {
        let (width, height) = size
        guard let context = sws_getContext(
            Int32(source.width), Int32(source.height), format, Int32(width), Int32(height), AV_PIX_FMT_RGB24,
            Int32(SWS_BILINEAR), nil, nil, nil)
        else { throw AVFailure("convert \(String(cString: av_get_pix_fmt_name(format))) to RGB", code: kiln_averror_invalid_data()) }
        self.context = context
        self.width = width
        self.height = height
    }

    deinit { sws_freeContext(context) }

    func rgb(of frame: Frame) throws(AVFailure) -> [UInt8] {
        let converted = Frame()
        converted.pointer.pointee.width = Int32(width)
        converted.pointer.pointee.height = Int32(height)
        converted.pointer.pointee.format = AV_PIX_FMT_RGB24.rawValue
        try AVFailure.check(av_frame_get_buffer(converted.pointer, 0), "allocate an RGB frame")
        try AVFailure.check(sws_scale_frame(context, converted.pointer, frame.pointer), "convert a frame to RGB")
        // Rows may be padded; keep only the pixels.
        guard let pixels = converted.pointer.pointee.data.0 else { return [] }
        let stride = Int(converted.pointer.pointee.linesize.0), rowBytes = width * 3
        var rgb: [UInt8] = []
        rgb.reserveCapacity(rowBytes * height)
        for row in 0..<height { rgb += UnsafeBufferPointer(start: pixels + row * stride, count: rowBytes) }
        return rgb
    }
}

/// Sends a frame (nil to flush) to an opened encoder and hands every packet that comes out to `write`.
func encode(
    _ frame: Frame?, with encoder: UnsafeMutablePointer<AVCodecContext>?, into packet: Packet, _ what: String,
    write: (Packet) throws(AVFailure) -> Void
) throws(AVFailure) {
    try AVFailure.check(avcodec_send_frame(encoder, frame?.pointer), what)
    while true {
        let result = avcodec_receive_packet(encoder, packet.pointer)
        if result == kiln_averror_eagain() || result == kiln_averror_eof() { return }
        try AVFailure.check(result, what)
        try write(packet)
        av_packet_unref(packet.pointer)
    }
}
