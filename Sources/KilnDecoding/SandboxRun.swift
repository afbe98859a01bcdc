import Foundation
import KilnVideo

#if canImport(Glibc)
import Glibc
#endif

/// Runs one job in a `kiln-sandbox` child, on the calling thread: sends the request, passes on what
/// the child makes as it arrives, ends the child when it goes past its time, stays silent too long
/// or is asked to stop, and turns the way it ended into the job's answer.
struct SandboxRun {
    let job: DecodeJob
    let settings: SandboxSettings
    let sourceSeconds: Double?
    let monitor: TranscodeMonitor
    /// Told what the kernel's confinement came to, once the child has applied it.
    let confined: (SandboxConfinement) -> Void

    func run(report: (DecodeEvent) throws -> Void) throws {
        for output in job.outputs { try Self.createIfMissing(output) }
        let cpuSeconds = settings.cpuSeconds(for: job, sourceSeconds: sourceSeconds)
        let request = SandboxRequest(
            job: job, addressSpaceBytes: settings.memoryBytes, cpuSeconds: cpuSeconds,
            fileSizeBytes: settings.outputAllowanceBytes + 4 * Self.size(of: job.input),
            acceptsTestFaults: settings.acceptsTestFaults)
        let child = try SandboxProcess(executable: settings.executable)
        child.send(Array(try JSONEncoder().encode(request)))

        let wallLimit = Duration.seconds(Double(cpuSeconds) * settings.wallClockFactor)
        let started = ContinuousClock.now
        var lastHeard = started
        var frames = SandboxFrameReader(maxPart: job.largestPayload)
        let check = SandboxAnswerCheck(job: job)
        var answer: SandboxMessage?
        var errorTail: [UInt8] = []
        var streams = [pollfd(fd: child.output, events: Int16(POLLIN), revents: 0), pollfd(fd: child.errors, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        do {
            reading: while true {
                if monitor.isStopRequested { throw AVFailure.stop("transcode") }
                let now = ContinuousClock.now
                if now - started > wallLimit {
                    child.kill(because: "took longer than \(Int(wallLimit.seconds)) s")
                    break reading
                }
                if now - lastHeard > settings.silenceLimit {
                    child.kill(because: "sent nothing for \(Int(settings.silenceLimit.seconds)) s")
                    break reading
                }
                streams[0].revents = 0
                streams[1].revents = 0
                let ready = poll(&streams, nfds_t(streams.count), 1000)
                if ready < 0, errno != EINTR { throw SandboxFailure(.decoderCrashed, "poll: \(SandboxProcess.reason())") }
                if streams[1].revents != 0 {
                    let count = buffer.withUnsafeMutableBytes { read(child.errors, $0.baseAddress, $0.count) }
                    if count > 0 { errorTail = Array((errorTail + buffer.prefix(count)).suffix(2048)) } else { streams[1].fd = -1 }
                }
                guard streams[0].revents != 0 else { continue }
                let count = buffer.withUnsafeMutableBytes { read(child.output, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break reading }
                lastHeard = ContinuousClock.now
                buffer.withUnsafeBytes { frames.append(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
                while let (message, payload) = try frames.next() {
                    let event = try check.event(of: message, payload: payload)
                    switch message {
                    case .confined(let confinement): confined(confinement)
                    case .progress(let fraction): try monitor.report(fraction)
                    case .finished, .failed: answer = message
                    case .probed, .poster, .hlsInitialization, .hlsSegment, .image, .imageRefused: if let event { try report(event) }
                    }
                }
                if frames.isBroken {
                    child.kill(because: "sent a frame no decoder sends")
                    throw SandboxFailure(.decoderCrashed, "it sent a frame no decoder sends")
                }
            }
        } catch {
            child.kill(because: "stopped")
            throw error
        }
        try Self.outcome(status: child.wait(), killedBecause: child.killedBecause, answer: answer, errors: errorTail, settings: settings, cpuSeconds: cpuSeconds)
    }

    /// The job's answer from how the child ended.
    static func outcome(
        status: Int32, killedBecause: String?, answer: SandboxMessage?, errors: [UInt8], settings: SandboxSettings, cpuSeconds: UInt64
    ) throws {
        if let killedBecause { throw SandboxFailure(.resourceLimit, killedBecause) }
        let signal = status & 0x7F
        if signal != 0, signal != 0x7F {
            switch signal {
            case SIGXCPU, SIGKILL: throw SandboxFailure(.resourceLimit, "used its \(cpuSeconds) s of CPU or was killed for memory")
            case SIGXFSZ: throw SandboxFailure(.resourceLimit, "wrote past its file size limit")
            default: throw SandboxFailure(.decoderCrashed, "signal \(signal), \(String(cString: strsignal(signal)))")
            }
        }
        let exitCode = (status >> 8) & 0xFF
        switch answer {
        case .finished where exitCode == 0:
            return
        case .failed(_, let code) where code == -ENOMEM:
            throw SandboxFailure(.resourceLimit, "ran out of its \(settings.memoryBytes >> 20) MiB of memory")
        case .failed(let operation, let code) where exitCode == 0:
            throw AVFailure(operation, code: code)
        default:
            let said = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map { ": \($0)" } ?? ""
            throw SandboxFailure(.decoderCrashed, "exited with status \(exitCode) without an answer\(said)")
        }
    }

    private static func createIfMissing(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SandboxUnavailable("cannot create an output: \(SandboxProcess.reason())") }
        close(descriptor)
    }

    private static func size(of path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(max(0, info.st_size)) : 0
    }
}
