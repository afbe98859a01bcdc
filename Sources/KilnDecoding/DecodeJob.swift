import KilnCore
import KilnVideo

/// One piece of libav work on an uploaded file. The same value runs in this process or is sent to
/// a sandboxed child, which runs it with `perform` too: each operation is defined once.
public enum DecodeJob: Sendable, Codable, Equatable {
    case probe(input: String)
    case poster(input: String)
    case ladder(input: String, targets: [RenditionTarget], hls: Bool)
    case audio(input: String, output: String)
    case remux(input: String, output: String)

    public var input: String {
        switch self {
        case .probe(let input), .poster(let input), .ladder(let input, _, _), .audio(let input, _), .remux(let input, _):
            input
        }
    }

    /// The files the job writes, and nothing else.
    public var outputs: [String] {
        switch self {
        case .probe, .poster: []
        case .ladder(_, let targets, _): targets.map(\.path)
        case .audio(_, let output), .remux(_, let output): [output]
        }
    }

    /// Whether the job runs as long as its source does (a transcode), rather than a few frames' worth.
    var followsTheSource: Bool {
        switch self {
        case .probe, .poster: false
        case .ladder, .audio, .remux: true
        }
    }

    /// Runs the job on the calling thread, reporting what it makes as it goes.
    func perform(monitor: TranscodeMonitor, report: @escaping @Sendable (DecodeEvent) throws(AVFailure) -> Void) throws(AVFailure) {
        switch self {
        case .probe(let input):
            try report(.probed(try MediaProbe.probe(path: input)))
        case .poster(let input):
            try report(.poster(try PosterFrame.extract(from: input)))
        case .ladder(let input, let targets, let hls):
            let sink: HLSSink? = hls ? { @Sendable piece throws(AVFailure) in try report(.hls(piece)) } : nil
            try LadderTranscoder.transcode(input, into: targets, hls: sink, monitor: monitor)
        case .audio(let input, let output):
            try AudioTranscoder.transcode(input, to: output, monitor: monitor)
        case .remux(let input, let output):
            try Remuxer.remux(input, to: output, monitor: monitor)
        }
    }
}

/// What a job makes besides its output files.
enum DecodeEvent: Sendable {
    case probed(MediaInfo)
    case poster(RGBPicture)
    case hls(HLSPiece)
}
