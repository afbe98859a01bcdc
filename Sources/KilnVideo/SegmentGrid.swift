import CAV
import KilnCore

/// The instants HLS segments begin at (`HLSPresentation.segmentStart`). Each rung forces a keyframe
/// on the first frame at or past each instant and cuts a segment there, so every rung's segment `n`
/// starts on the same frame.
struct SegmentGrid {
    let timeBase: AVRational
    private var boundary = 0

    init(timeBase: AVRational) {
        self.timeBase = timeBase
    }

    /// Whether a frame at `timestamp` (in `timeBase`) is the first at or past the next instant; if so
    /// the grid moves on past it.
    mutating func passes(_ timestamp: Int64) -> Bool {
        guard timestamp >= tick(boundary) else { return false }
        while tick(boundary) <= timestamp { boundary += 1 }
        return true
    }

    /// The first tick at or after instant `index`; the very first frame begins the first segment,
    /// whatever its timestamp.
    private func tick(_ index: Int) -> Int64 {
        guard index > 0 else { return Int64.min }
        return Int64((Double(HLSPresentation.segmentStart(index)) / av_q2d(timeBase)).rounded(.up))
    }
}
