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

    init(for stream: UnsafeMutablePointer<AVStream>) throws(AVFailure) {
        guard let parameters = stream.pointee.codecpar, let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw AVFailure("find a decoder", code: kiln_averror_decoder_not_found())
        }
        context = avcodec_alloc_context3(codec)
        try AVFailure.check(avcodec_parameters_to_context(context, parameters), "configure the decoder")
        context?.pointee.pkt_timebase = stream.pointee.time_base
        try AVFailure.check(avcodec_open2(context, codec, nil), "open the \(String(cString: codec.pointee.name)) decoder")
    }

    deinit { avcodec_free_context(&context) }

    func send(_ packet: Packet?) throws(AVFailure) {
        try AVFailure.check(avcodec_send_packet(context, packet?.pointer), "decode")
    }

    /// The next decoded frame; nil when the decoder needs more input or is drained.
    func receive(into frame: Frame) throws(AVFailure) -> Bool {
        let result = avcodec_receive_frame(context, frame.pointer)
        if result == kiln_averror_eagain() || result == kiln_averror_eof() { return false }
        try AVFailure.check(result, "decode")
        return true
    }
}

/// Owns a swscale context converting one frame geometry and format to packed RGB.
final class RGBScaler {
    let context: OpaquePointer
    let width: Int
    let height: Int

    init(width: Int, height: Int, from format: AVPixelFormat) throws(AVFailure) {
        guard let context = sws_getContext(
            Int32(width), Int32(height), format, Int32(width), Int32(height), AV_PIX_FMT_RGB24, Int32(SWS_BILINEAR), nil, nil,
            nil)
        else { throw AVFailure("convert \(String(cString: av_get_pix_fmt_name(format))) to RGB", code: kiln_averror_invalid_data()) }
        self.context = context
        self.width = width
        self.height = height
    }

    deinit { sws_freeContext(context) }

    func rgb(of frame: Frame) throws(AVFailure) -> [UInt8] {
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        let rows = rgb.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var planes: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            var strides: [Int32] = [Int32(width * 3), 0, 0, 0]
            return withUnsafePointer(to: frame.pointer.pointee.data) { data in
                withUnsafePointer(to: frame.pointer.pointee.linesize) { linesize in
                    data.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { sourcePlanes in
                        linesize.withMemoryRebound(to: Int32.self, capacity: 8) { sourceStrides in
                            sws_scale(context, sourcePlanes, sourceStrides, 0, Int32(height), &planes, &strides)
                        }
                    }
                }
            }
        }
        try AVFailure.check(rows, "convert a frame to RGB")
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
