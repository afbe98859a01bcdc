import Foundation

/// Where untrusted media is decoded, and the limits a sandboxed decoder runs under. Every limit is
/// named here, with what sets it (README, "The decoding sandbox").
public struct SandboxSettings: Sendable, Equatable {
    /// `KILN_SANDBOX=off` decodes in this process: faster to start, and one crafted file can take
    /// the node down. On by default.
    public var isEnabled = true
    /// `KILN_SANDBOX_IMAGES`: the sandbox takes uploaded images too, a child per image, when it is on.
    /// Off by default: see README, "Images", for what it costs.
    public var includesImages = false
    /// `KILN_SANDBOX_EXECUTABLE`: the child program; `kiln-sandbox` beside the running executable.
    public var executable = SandboxSettings.besideThisExecutable
    /// `KILN_SANDBOX_MEMORY_BYTES`: the child's address space.
    public var memoryBytes: UInt64 = 4 << 30
    /// CPU seconds a probe or poster may take.
    public var inspectionCPUSeconds: UInt64 = 60
    /// `KILN_SANDBOX_CPU_PER_SECOND`: CPU seconds a transcode may take per second of source, on top
    /// of `inspectionCPUSeconds`; every thread's time counts.
    public var transcodeCPUPerSourceSecond: Double = 30
    /// The source length a transcode's budget assumes when the container does not say.
    public var assumedSourceSeconds: Double = 900
    /// Wall-clock time is the CPU budget times this: a child that sleeps or waits still ends.
    public var wallClockFactor: Double = 4
    /// A child that sends nothing for this long is taken to hang.
    public var silenceLimit: Duration = .seconds(300)
    /// Files the child writes may grow to this plus four times its input's size.
    public var outputAllowanceBytes: UInt64 = 2 << 30
    /// `KILN_TEST_SANDBOX_FAULTS=on`, for tests only: an input carrying `kiln-fault:<kind>` (see
    /// `DecoderFault`) makes the child crash, spin, allocate or hang.
    public var acceptsTestFaults = false

    public init() {}

    /// Whether image uploads are processed in a sandboxed child.
    public var sandboxesImages: Bool { isEnabled && includesImages }

    /// `kiln-sandbox` in the folder of the running executable (the `kiln` binary, or a test runner
    /// built beside it).
    public static var besideThisExecutable: String {
        let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: running).deletingLastPathComponent().appendingPathComponent("kiln-sandbox").path
    }

    /// Throws, saying what to do, when the sandbox is on and its program cannot be run: a node
    /// that cannot decode refuses to start rather than answer every video upload with an error.
    public func checkRunnable() throws {
        guard isEnabled, !FileManager.default.isExecutableFile(atPath: executable) else { return }
        throw SandboxUnavailable(
            "the decoding sandbox's program \(executable) is missing: build it beside kiln with "
                + "`swift build -c release --product kiln-sandbox` (scripts/run does), name it with KILN_SANDBOX_EXECUTABLE, "
                + "or set KILN_SANDBOX=off to decode in this process")
    }

    /// The CPU seconds `job` may use on a source of `sourceSeconds`.
    func cpuSeconds(for job: DecodeJob, sourceSeconds: Double?) -> UInt64 {
        guard job.followsTheSource else { return inspectionCPUSeconds }
        let seconds = max(0, sourceSeconds ?? assumedSourceSeconds)
        return inspectionCPUSeconds + UInt64((seconds * transcodeCPUPerSourceSecond).rounded(.up))
    }
}
