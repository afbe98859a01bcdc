import CAV
import CMediaShims

/// Copies a source's video and audio streams, untouched, into a new MP4 with the index first and
/// nothing else: the `original` rendition of a source that is already H.264 + AAC.
public enum Remuxer {
    public static func remux(_ path: String, to output: String, monitor: TranscodeMonitor = TranscodeMonitor())
        throws(AVFailure)
    {
        let input = try MediaInput(path: path)
        guard let video = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw AVFailure("find a video stream", code: kiln_averror_invalid_data())
        }
        let audio = input.bestStream(AVMEDIA_TYPE_AUDIO)
        let writer = try MP4Writer(path: output)
        let copies = try [video, audio].compactMap { $0 }.map { stream throws(AVFailure) in
            (source: stream, index: try writer.addStream(copying: stream))
        }
        try writer.writeHeader()
        let duration = input.duration ?? 0
        let packet = Packet()
        while try input.read(into: packet) {
            guard let copy = copies.first(where: { $0.source.pointee.index == packet.pointer.pointee.stream_index }) else {
                continue
            }
            let timeBase = copy.source.pointee.time_base
            if duration > 0, packet.pointer.pointee.dts != Int64.min {
                try monitor.report(Double(packet.pointer.pointee.dts) * av_q2d(timeBase) / duration)
            }
            try writer.write(packet, from: timeBase, to: copy.index)
        }
        try writer.finish()
        try monitor.report(1)
    }
}
