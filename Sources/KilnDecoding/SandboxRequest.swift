/// What the parent writes to the child's standard input, then closes it.
struct SandboxRequest: Codable, Equatable {
    var job: DecodeJob
    var addressSpaceBytes: UInt64
    var cpuSeconds: UInt64
    var fileSizeBytes: UInt64
    var acceptsTestFaults: Bool

    /// A request larger than this is not one a parent wrote.
    static let maxBytes = 1 << 20
}
