import CAV
import CMediaShims

/// Owns a fragmented MP4 (CMAF-style) being written into memory: every `cut` returns the fragment
/// (moof + mdat) of the packets written since, the first one with the init segment (ftyp + moov).
///
/// The moov waits for the first fragment so it can carry each track's edit list: an H.264 stream
/// with B-frames starts presenting a few frames after its first decoding time, and AAC starts with
/// priming samples; without the edit lists the video would play those frames late against the
/// audio.
final class FragmentedMP4Writer {
    private var context: UnsafeMutablePointer<AVFormatContext>?
    private var headerWritten = false
    private var initialization: [UInt8]?

    init() throws(AVFailure) {
        try AVFailure.check(avformat_alloc_output_context2(&context, nil, "mp4", nil), "create the fragmented MP4 output")
    }

    deinit {
        if let context {
            if context.pointee.pb != nil { _ = takeBytes() }
            avformat_free_context(context)
        }
    }

    var wantsGlobalHeader: Bool { context.map { kiln_av_format_wants_global_header($0) != 0 } ?? false }

    /// Adds a stream for an opened encoder; returns its index.
    func addStream(for encoder: UnsafeMutablePointer<AVCodecContext>?) throws(AVFailure) -> Int32 {
        try addEncodedStream(to: context, for: encoder)
    }

    func writeHeader() throws(AVFailure) {
        guard let context else { return }
        try openBuffer()
        // Fragments only when asked, each with its own base offset (CMAF); the moov (with no samples)
        // once the first fragment is known; no index at the end.
        try writeMP4Header(context, movflags: "+frag_custom+empty_moov+delay_moov+default_base_moof+skip_trailer")
        headerWritten = true
    }

    /// Adds a packet to the fragment being gathered; the packet is emptied. Packets of one stream
    /// come in decoding order; streams need not be interleaved, since a fragment holds each stream's
    /// samples in a run of their own.
    func write(_ packet: Packet, from timeBase: AVRational, to index: Int32) throws(AVFailure) {
        defer { av_packet_unref(packet.pointer) }
        guard prepare(packet, for: context, from: timeBase, to: index) else { return }
        try AVFailure.check(av_write_frame(context, packet.pointer), "write a fragment")
    }

    /// Ends the fragment gathered so far and returns its bytes; the init segment too, the first time.
    func cut() throws(AVFailure) -> (initialization: [UInt8]?, fragment: [UInt8]) {
        try AVFailure.check(av_write_frame(context, nil), "end a fragment")
        guard initialization == nil else { return (nil, try takeBytesAndReopen()) }
        // The first flush writes the delayed moov and may keep the samples for the next one.
        try AVFailure.check(av_write_frame(context, nil), "end the first fragment")
        var bytes = try takeBytesAndReopen()
        let split = Self.offsetOfFirstBox("moof", in: bytes) ?? bytes.count
        let header = Array(bytes[..<split])
        bytes.removeFirst(split)
        initialization = header
        return (header, bytes)
    }

    private func takeBytesAndReopen() throws(AVFailure) -> [UInt8] {
        let bytes = takeBytes()
        try openBuffer()
        return bytes
    }

    /// Ends the last fragment and the file; returns what `cut` returns.
    func finish() throws(AVFailure) -> (initialization: [UInt8]?, fragment: [UInt8]) {
        guard headerWritten else { return (nil, []) }
        let last = try cut()
        try AVFailure.check(av_write_trailer(context), "finish the fragmented MP4")
        _ = takeBytes()
        headerWritten = false
        return last
    }

    /// Where the top-level box `name` begins, reading box headers from the start.
    static func offsetOfFirstBox(_ name: String, in bytes: [UInt8]) -> Int? {
        let wanted = Array(name.utf8)
        var offset = 0
        while offset + 8 <= bytes.count {
            var size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            if Array(bytes[offset + 4..<offset + 8]) == wanted { return offset }
            if size == 1, offset + 16 <= bytes.count { size = bytes[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            guard size >= 8 else { return nil }
            offset += size
        }
        return nil
    }

    private func openBuffer() throws(AVFailure) {
        guard let context else { return }
        try AVFailure.check(avio_open_dyn_buf(&context.pointee.pb), "open a fragment buffer")
    }

    /// The bytes written into the current buffer, which is closed.
    private func takeBytes() -> [UInt8] {
        guard let context, context.pointee.pb != nil else { return [] }
        var buffer: UnsafeMutablePointer<UInt8>?
        let count = avio_close_dyn_buf(context.pointee.pb, &buffer)
        context.pointee.pb = nil
        defer { av_free(buffer) }
        guard let buffer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(count)))
    }
}

/// Writes an MP4 output's header with these `movflags`.
func writeMP4Header(_ output: UnsafeMutablePointer<AVFormatContext>, movflags: String) throws(AVFailure) {
    var options: OpaquePointer?
    av_dict_set(&options, "movflags", movflags, 0)
    defer { av_dict_free(&options) }
    try AVFailure.check(avformat_write_header(output, &options), "write the MP4 header")
}

/// Readies `packet` for stream `index` of the output: that stream's number and time base. False
/// when the output has no such stream.
func prepare(_ packet: Packet, for output: UnsafeMutablePointer<AVFormatContext>?, from timeBase: AVRational, to index: Int32)
    -> Bool
{
    guard let output, index >= 0, index < Int32(output.pointee.nb_streams), let stream = output.pointee.streams[Int(index)]
    else { return false }
    av_packet_rescale_ts(packet.pointer, timeBase, stream.pointee.time_base)
    packet.pointer.pointee.stream_index = index
    return true
}

/// Adds a stream described by an opened encoder to an output; returns its index.
func addEncodedStream(to output: UnsafeMutablePointer<AVFormatContext>?, for encoder: UnsafeMutablePointer<AVCodecContext>?)
    throws(AVFailure) -> Int32
{
    guard let encoder, let stream = avformat_new_stream(output, nil) else {
        throw AVFailure("add a stream to the MP4 output", code: kiln_averror_invalid_data())
    }
    try AVFailure.check(avcodec_parameters_from_context(stream.pointee.codecpar, encoder), "describe the stream")
    stream.pointee.time_base = encoder.pointee.time_base
    return stream.pointee.index
}
