#if canImport(Glibc)
import Glibc
#endif

/// The faults a test can ask of the sandboxed child, to prove that each costs one upload or job and
/// nothing else. Only a child whose parent was started with `KILN_TEST_SANDBOX_FAULTS=on` looks for
/// them: an input whose first 64 KiB hold `kiln-fault:<kind>` (an MP4's comment tag will do), or
/// `kiln-fault:<kind>@<job>` for one job only (`@ladder`, `@probe`…).
enum DecoderFault: String, CaseIterable {
    /// A wild write: SIGSEGV.
    case crash
    /// A loop that never ends: the CPU limit.
    case spin
    /// Memory until none is left: the address-space limit.
    case allocate
    /// A wait that never ends: the wall clock.
    case hang
    /// An answer no decoder gives, as an exploited one might: a poster claiming far more pixels
    /// than it carries.
    case lie

    static let scanned = 64 << 10

    /// The fault `job` is asked for in its input, if any.
    static func requested(for job: DecodeJob) -> DecoderFault? {
        let descriptor = open(job.input, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: scanned)
        let count = head.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, scanned) }
        guard count > 0 else { return nil }
        let start = head.prefix(count)
        let marker = Array("kiln-fault:".utf8)
        var position = start.startIndex
        while let found = start[position...].firstRange(of: marker) {
            let words = start[found.upperBound...].prefix { (0x61...0x7A).contains($0) || $0 == UInt8(ascii: "@") }
            let parts = String(decoding: words, as: UTF8.self).split(separator: "@", maxSplits: 1).map(String.init)
            if let fault = parts.first.flatMap(DecoderFault.init(rawValue:)), parts.count == 1 || parts[1] == job.name {
                return fault
            }
            position = found.upperBound
        }
        return nil
    }

    /// Does what the fault names, telling the parent through `answer`; returns only when
    /// allocating ran out of memory or the lie is told.
    func strike(answer: (SandboxMessage, [UInt8]) -> Void) -> Int32 {
        switch self {
        case .crash:
            raise(SIGSEGV)
        case .spin:
            var counter: UInt64 = 0
            while true { counter &+= 1; if counter == 0 { sched_yield() } }
        case .allocate:
            var held: [UnsafeMutableRawPointer] = []
            while let block = malloc(64 << 20) {
                memset(block, 1, 64 << 20)
                held.append(block)
            }
            return ENOMEM
        case .hang:
            // Sleeping, as a decoder waiting on a lock would: no CPU, only the wall clock ends it.
            while true { sleep(3600) }
        case .lie:
            answer(.poster(width: 4096, height: 4096), [0, 0, 0])
            answer(.finished, [])
        }
        return 0
    }
}

extension DecodeJob {
    /// The job's name in logs and fault markers.
    var name: String {
        switch self {
        case .probe: "probe"
        case .poster: "poster"
        case .ladder: "ladder"
        case .audio: "audio"
        case .remux: "remux"
        case .image: "image"
        }
    }
}
