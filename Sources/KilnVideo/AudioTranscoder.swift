import CAV
import CMediaShims

/// Turns any audio libav decodes into the one form Kiln serves: AAC 128 kb/s, stereo, 48 kHz, in an
/// MP4 (M4A) with the index first.
public enum AudioTranscoder {
    public static func transcode(_ path: String, to output: String, monitor: TranscodeMonitor = TranscodeMonitor())
        throws(AVFailure)
    {
        let input = try MediaInput(path: path)
        guard let stream = input.bestStream(AVMEDIA_TYPE_AUDIO) else {
            throw AVFailure("find an audio stream", code: kiln_averror_invalid_data())
        }
        let writer = try MP4Writer(path: output)
        let track = try AudioTrack(stream: stream, globalHeader: writer.wantsGlobalHeader)
        let index = try writer.addStream(for: track.encoder.context)
        try writer.writeHeader()
        func write(_ packet: Packet, _ timeBase: AVRational) throws(AVFailure) {
            try writer.write(packet, from: timeBase, to: index)
        }
        let duration = input.duration ?? 0
        let packet = Packet()
        while try input.read(into: packet) {
            guard packet.pointer.pointee.stream_index == stream.pointee.index else { continue }
            if duration > 0, packet.pointer.pointee.pts != Int64.min {
                try monitor.report(Double(packet.pointer.pointee.pts) * av_q2d(stream.pointee.time_base) / duration)
            }
            try track.feed(packet, write: write)
        }
        try track.feed(nil, write: write)
        try track.decoder.requireHealthyStream()
        try writer.finish()
        try monitor.report(1)
    }
}
