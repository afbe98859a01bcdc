import KilnCore
import KilnImaging
import KilnVideo
import Logging
import NIOPosix
import Synchronization

/// Where Kiln's libav work on uploaded files runs: in a sandboxed child process per job (the
/// default), or in this process. Probes and posters of uploads have their own bounded pool with an
/// admission gate, apart from file I/O and from transcodes; transcodes run on one thread per worker.
/// Image uploads keep the image workers' pool and gate, and may run their pipeline in a child too.
public final class MediaDecoder: Sendable {
    public let settings: SandboxSettings
    private let inspections: NIOThreadPool
    private let admission: AdmissionGate
    private let transcodes: NIOThreadPool
    private let logger: Logger
    private let confinementLogged = Mutex(false)

    public init(settings: SandboxSettings, inspectionThreads: Int, inspectionQueueLimit: Int, transcodeThreads: Int, logger: Logger) {
        self.settings = settings
        self.logger = logger
        inspections = NIOThreadPool(numberOfThreads: max(1, inspectionThreads))
        admission = AdmissionGate(capacity: max(1, inspectionThreads) + max(0, inspectionQueueLimit))
        transcodes = NIOThreadPool(numberOfThreads: max(1, transcodeThreads))
        inspections.start()
        transcodes.start()
    }

    deinit {
        inspections.shutdownGracefully { _ in }
        transcodes.shutdownGracefully { _ in }
    }

    /// Who inspects a file: an upload waits at the inspection pool's admission gate; a transcode
    /// inspects its source on its own worker's thread, never taking a place an upload needs.
    public enum Inspector: Sendable {
        case upload
        case transcode
    }

    /// For an upload, throws `MediaWorkersBusy` at once when the inspection pool and its queue are full.
    public func probe(_ path: String, for inspector: Inspector = .upload) async throws -> MediaInfo {
        let found = Mutex<MediaInfo?>(nil)
        try await inspect(.probe(input: path), for: inspector) { event in
            if case .probed(let info) = event { found.withLock { $0 = info } }
        }
        guard let info = found.withLock({ $0 }) else { throw SandboxFailure(.decoderCrashed, "a probe without an answer") }
        return info
    }

    /// The poster frame, RGB; throws `MediaWorkersBusy` like `probe`.
    public func poster(of path: String, for inspector: Inspector = .upload) async throws -> RGBPicture {
        let found = Mutex<RGBPicture?>(nil)
        try await inspect(.poster(input: path), for: inspector) { event in
            if case .poster(let picture) = event { found.withLock { $0 = picture } }
        }
        guard let picture = found.withLock({ $0 }) else { throw SandboxFailure(.decoderCrashed, "a poster without an answer") }
        return picture
    }

    public func transcodeLadder(
        _ path: String, into targets: [RenditionTarget], hls: HLSSink?, sourceSeconds: Double?, monitor: TranscodeMonitor
    ) async throws {
        try await run(.ladder(input: path, targets: targets, hls: hls != nil), on: transcodes, sourceSeconds: sourceSeconds, monitor: monitor) {
            event in
            if case .hls(let piece) = event { try hls?(piece) }
        }
    }

    public func transcodeAudio(_ path: String, to output: String, sourceSeconds: Double?, monitor: TranscodeMonitor) async throws {
        try await run(.audio(input: path, output: output), on: transcodes, sourceSeconds: sourceSeconds, monitor: monitor) { _ in }
    }

    public func remux(_ path: String, to output: String, sourceSeconds: Double?, monitor: TranscodeMonitor) async throws {
        try await run(.remux(input: path, output: output), on: transcodes, sourceSeconds: sourceSeconds, monitor: monitor) { _ in }
    }

    /// Where an image worker runs the image pipeline: in a sandboxed child per image, on the worker's
    /// thread, which waits for it, when the settings say so (`sandboxesImages`); else in process.
    public var imagePipelineRunner: ImagePipelineRunner {
        guard settings.sandboxesImages else { return .inProcess }
        return ImagePipelineRunner { [self] pipeline in
            var answer: Result<ProcessedImage, ImageRejection>?
            let run = SandboxRun(
                job: .image(pipeline), settings: settings, sourceSeconds: nil, monitor: TranscodeMonitor(), confined: noteConfinement)
            try run.run { event in
                switch event {
                case .image(let image): answer = .success(image)
                case .imageRefused(let rejection): answer = .failure(rejection)
                case .probed, .poster, .hls: break
                }
            }
            guard let answer else { throw SandboxFailure(.decoderCrashed, "an image without an answer") }
            return try answer.get()
        }
    }

    private func inspect(_ job: DecodeJob, for inspector: Inspector, report: @escaping @Sendable (DecodeEvent) throws -> Void)
        async throws
    {
        switch inspector {
        case .upload:
            guard admission.tryEnter() else { throw MediaWorkersBusy() }
            defer { admission.leave() }
            try await run(job, on: inspections, sourceSeconds: nil, monitor: TranscodeMonitor(), report: report)
        case .transcode:
            try await run(job, on: transcodes, sourceSeconds: nil, monitor: TranscodeMonitor(), report: report)
        }
    }

    private func run(
        _ job: DecodeJob, on pool: NIOThreadPool, sourceSeconds: Double?, monitor: TranscodeMonitor,
        report: @escaping @Sendable (DecodeEvent) throws -> Void
    ) async throws {
        let settings = settings
        try await pool.runIfActive { [self] in
            if settings.isEnabled {
                try SandboxRun(job: job, settings: settings, sourceSeconds: sourceSeconds, monitor: monitor, confined: noteConfinement)
                    .run(report: report)
            } else {
                try job.perform(monitor: monitor) { event throws(AVFailure) in
                    do { try report(event) } catch let failure as AVFailure { throw failure } catch { throw AVFailure.stop("hand on \(job.name) output") }
                }
            }
        }
    }

    /// Logs once what the kernel's confinement came to, and each time a step fell back.
    private func noteConfinement(_ confinement: SandboxConfinement) {
        let first = confinementLogged.withLock { logged in
            defer { logged = true }
            return !logged
        }
        guard first else { return }
        let metadata: Logger.Metadata = [
            "namespaces": "\(confinement.namespaces)", "landlock": "\(confinement.landlock)",
            "seccomp": "\(confinement.seccomp)", "fallbacks": "\(confinement.fallbacks)",
        ]
        if confinement.fallbacks.isEmpty {
            logger.info("decoding sandbox confined", metadata: metadata)
        } else {
            logger.warning("decoding sandbox confined with fallbacks", metadata: metadata)
        }
    }
}

/// Every media inspection worker is busy and the queue in front of them is full.
public struct MediaWorkersBusy: Error, CustomStringConvertible {
    public var description: String { "every media worker is busy and the media queue is full" }
}
