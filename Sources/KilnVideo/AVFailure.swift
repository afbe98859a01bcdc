#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMediaShims

/// A libav failure, carrying av_strerror's text for the code.
public struct AVFailure: Error, CustomStringConvertible {
    public let operation: String
    public let code: Int32
    public let message: String

    public init(_ operation: String, code: Int32) {
        var buffer = [CChar](repeating: 0, count: 256)
        kiln_av_strerror(code, &buffer, buffer.count)
        self.operation = operation
        self.code = code
        self.message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { "\(operation): \(message)" }

    /// The input is in a container Kiln does not read (see `MediaContainers`): libav found a
    /// demuxer for it that is not on the whitelist `MediaInput` gives it, or it names another file.
    public var isUnacceptedContainer: Bool { operation == Self.openInput && code == -EINVAL }

    /// The operation `MediaInput` names when it opens an input.
    static let openInput = "open the input"

    /// A failure of the machine (memory, disk, I/O) that may pass; any other failure is the media's
    /// and happens again on every attempt.
    public var isTransient: Bool { kiln_averror_is_transient(code) != 0 }

    /// The work was stopped on request (see `TranscodeMonitor`), not failed.
    public var isStop: Bool { code == kiln_averror_exit() }

    /// Work stopped on request: by `TranscodeMonitor`, or by a sink that can take no more.
    public static func stop(_ operation: String) -> AVFailure { AVFailure(operation, code: kiln_averror_exit()) }

    /// The one path from a libav return code to a Swift error; returns non-negative results.
    @discardableResult
    static func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(AVFailure) -> Int32 {
        if result < 0 { throw AVFailure(operation(), code: result) }
        return result
    }
}
