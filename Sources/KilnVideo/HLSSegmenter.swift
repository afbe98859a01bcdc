import CAV
import CMediaShims
import KilnCore

/// What one rung's HLS stream is, for the master playlist.
public struct HLSRungHeader: Sendable, Equatable, Codable {
    public let name: String
    public let width: Int
    public let height: Int
    /// RFC 6381 codec names of the rung's streams, comma-separated.
    public let codecs: String
    public let frameRate: Double
}

/// A piece of one rung's HLS stream, handed on as soon as it is made.
public enum HLSPiece: Sendable {
    case initialization(HLSRungHeader, bytes: [UInt8])
    case segment(rung: String, index: Int, seconds: Double, bytes: [UInt8])
}

/// Where a transcode hands its HLS pieces, on the transcoding thread; throwing stops the transcode.
public typealias HLSSink = @Sendable (HLSPiece) throws(AVFailure) -> Void

/// Cuts one rung's encoded packets into fMP4 segments at the keyframes its grid forced: a segment
/// holds the video from one grid keyframe to the next and the audio that plays in that time.
final class HLSSegmenter {
    private let header: HLSRungHeader
    private let writer: FragmentedMP4Writer
    private let sink: HLSSink
    private let videoIndex: Int32
    private let audioIndex: Int32?
    private let videoTimeBase: AVRational
    private var grid: SegmentGrid
    /// Audio waits here until the segment it plays in is cut, in the audio encoder's time base.
    private var pendingAudio: [(packet: Packet, timeBase: AVRational)] = []
    private var index = 0
    private var segmentStart: Int64?
    private var videoEnd = Int64.min

    init(header: HLSRungHeader, video: VideoEncoder, audio: AudioEncoder?, sink: @escaping HLSSink) throws(AVFailure) {
        self.header = header
        self.sink = sink
        let writer = try FragmentedMP4Writer()
        self.writer = writer
        videoIndex = try writer.addStream(for: video.context)
        audioIndex = try audio.map { audio throws(AVFailure) in try writer.addStream(for: audio.context) }
        videoTimeBase = video.timeBase
        grid = SegmentGrid(timeBase: video.timeBase)
        try writer.writeHeader()
    }

    /// A video packet in the encoder's time base; emptied.
    func writeVideo(_ packet: Packet) throws(AVFailure) {
        let pts = packet.pointer.pointee.pts
        let isKeyframe = packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0
        if isKeyframe, grid.passes(pts) {
            if let segmentStart { try cut(from: segmentStart, to: pts) }
            segmentStart = pts
        } else if segmentStart == nil {
            segmentStart = pts
        }
        videoEnd = max(videoEnd, pts + max(1, packet.pointer.pointee.duration))
        try writer.write(packet, from: videoTimeBase, to: videoIndex)
    }

    /// An audio packet; emptied.
    func writeAudio(_ packet: Packet, from timeBase: AVRational) throws(AVFailure) {
        guard audioIndex != nil else { return av_packet_unref(packet.pointer) }
        let held = Packet()
        av_packet_move_ref(held.pointer, packet.pointer)
        pendingAudio.append((held, timeBase))
    }

    func finish() throws(AVFailure) {
        try writePendingAudio(before: nil)
        let pieces = try writer.finish()
        guard let segmentStart else { return }
        try hand(pieces, seconds: seconds(videoEnd - segmentStart))
    }

    private func cut(from start: Int64, to end: Int64) throws(AVFailure) {
        try writePendingAudio(before: Double(end) * av_q2d(videoTimeBase))
        try hand(try writer.cut(), seconds: seconds(end - start))
        index += 1
    }

    private func hand(_ pieces: (initialization: [UInt8]?, fragment: [UInt8]), seconds: Double) throws(AVFailure) {
        if let initialization = pieces.initialization { try sink(.initialization(header, bytes: initialization)) }
        try sink(.segment(rung: header.name, index: index, seconds: seconds, bytes: pieces.fragment))
    }

    /// Writes the held audio that starts before `seconds` (all of it when nil).
    private func writePendingAudio(before seconds: Double?) throws(AVFailure) {
        guard let audioIndex else { return }
        var kept: [(packet: Packet, timeBase: AVRational)] = []
        for held in pendingAudio {
            let start = Double(held.packet.pointer.pointee.pts) * av_q2d(held.timeBase)
            if let seconds, start >= seconds {
                kept.append(held)
            } else {
                try writer.write(held.packet, from: held.timeBase, to: audioIndex)
            }
        }
        pendingAudio = kept
    }

    private func seconds(_ ticks: Int64) -> Double { Double(ticks) * av_q2d(videoTimeBase) }
}
