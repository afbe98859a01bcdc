import Foundation
import CMediaShims
import CVips

/// A libvips failure, carrying libvips's own message for the operation.
public struct VipsError: Error, CustomStringConvertible {
    public let operation: String
    public let message: String

    public var description: String { message.isEmpty ? "\(operation) failed" : "\(operation): \(message)" }

    /// Takes (copies and clears, in one step) libvips's error buffer. The buffer is process-wide, so a
    /// failure on another thread at the same moment can add its line to this message.
    static func take(_ operation: String) -> VipsError {
        guard let copy = vips_error_buffer_copy() else { return VipsError(operation: operation, message: "") }
        defer { g_free(copy) }
        return VipsError(operation: operation, message: String(cString: copy).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// The one path from a libvips return code to a Swift error.
@inline(__always)
func throwIfFail(_ result: Int32, _ operation: @autoclosure () -> String) throws(VipsError) {
    if result != 0 { throw VipsError.take(operation()) }
}
