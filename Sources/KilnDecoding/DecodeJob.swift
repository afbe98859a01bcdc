import KilnCore
import KilnImaging
import KilnVideo

/// One piece of libav or libvips work on an uploaded file. The same value runs in this process or is
/// sent to a sandboxed child, which runs it with `perform` too: each operation is defined once.
public enum DecodeJob: Sendable, Codable, Equatable {
    case probe(input: String)
    case poster(input: String)
    case ladder(input: String, targets: [RenditionTarget], hls: Bool)
    case audio(input: String, output: String)
    case remux(input: String, output: String)
    /// An uploaded image's sizes, BlurHash and metadata (libvips).
    case image(ImagePipeline)

    public var input: String {
        switch self {
        case .probe(let input), .poster(let input), .ladder(let input, _, _), .audio(let input, _), .remux(let input, _):
            input
        case .image(let pipeline):
            pipeline.path
        }
    }

    /// The files the job writes, and nothing else.
    public var outputs: [String] {
        switch self {
        case .probe, .poster, .image: []
        case .ladder(_, let targets, _): targets.map(\.path)
        case .audio(_, let output), .remux(_, let output): [output]
        }
    }

    /// Whether the job runs as long as its source does (a transcode), rather than a few frames' worth.
    var followsTheSource: Bool {
        switch self {
        case .probe, .poster, .image: false
        case .ladder, .audio, .remux: true
        }
    }

    /// The largest payload an honest child sends for the job: one HLS segment or poster picture, or
    /// all of an image's encoded sizes, which its pixel limit bounds (at most 4 bytes a pixel, as PNG
    /// with alpha, and the sizes together at most 1.5 times the source's pixels).
    var largestPayload: Int {
        switch self {
        case .image(let pipeline): max(SandboxFrames.maxPart, Int(clamping: min(pipeline.maxPixels, Int64.max / 6) * 6))
        case .probe, .poster, .ladder, .audio, .remux: SandboxFrames.maxPart
        }
    }

    /// What the job needs before the child confines itself, and only this job: libvips loads its
    /// modules and reads its settings from files the confinement hides, and starts threads, so it
    /// starts after the namespaces (which need a single thread) and before Landlock and the filter,
    /// without the run-time compiled code the filter's ban on executable memory rules out.
    func prepare() throws {
        switch self {
        case .image: try VipsRuntime.ensureStartedWithoutCodeGeneration()
        case .probe, .poster, .ladder, .audio, .remux: break
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
        case .image(let pipeline):
            // A refused image is the job's answer, not a failure of the decoder.
            let answer: DecodeEvent
            do { answer = .image(try pipeline.run()) } catch { answer = .imageRefused(error) }
            try report(answer)
        }
    }
}

/// What a job makes besides its output files.
enum DecodeEvent: Sendable {
    case probed(MediaInfo)
    case poster(RGBPicture)
    case hls(HLSPiece)
    case image(ProcessedImage)
    case imageRefused(ImageRejection)
}
