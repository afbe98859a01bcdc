/// A sandboxed decoder that did not come back with an answer: it crashed, or went past one of its
/// limits. It costs that one upload or job; the process that ran it goes on.
public struct SandboxFailure: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// Killed by a signal of its own making (SIGSEGV, SIGABRT, SIGSYS…) or ended without an answer.
        case decoderCrashed = "decoder-crashed"
        /// Went past its memory, CPU, file size or time budget.
        case resourceLimit = "resource-limit"
    }

    public let kind: Kind
    /// What happened, for logs and the file's failure reason; never a path.
    public let detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .decoderCrashed: "the decoder crashed (\(detail))"
        case .resourceLimit: "the decoder went past its limits (\(detail))"
        }
    }
}
