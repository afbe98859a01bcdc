#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Frames on a pipe (see `SandboxMessage`): written whole by the child, read back in pieces by the
/// parent as they arrive.
enum SandboxFrames {
    /// A frame larger than this is taken for a broken child: the largest honest payload is one HLS
    /// segment or one poster picture; an image's sizes may be more (`DecodeJob.largestPayload`).
    static let maxPart = 256 << 20

    static func encode(_ message: SandboxMessage, payload: [UInt8] = []) throws -> [UInt8] {
        let json = try JSONEncoder().encode(message)
        var frame: [UInt8] = []
        frame.reserveCapacity(8 + json.count + payload.count)
        append(UInt32(json.count), to: &frame)
        frame += json
        append(UInt32(payload.count), to: &frame)
        frame += payload
        return frame
    }

    private static func append(_ length: UInt32, to frame: inout [UInt8]) {
        withUnsafeBytes(of: length.bigEndian) { frame += $0 }
    }

    /// Writes all of `bytes` to `descriptor`; false when the reader is gone.
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0, errno == EINTR { continue }
            if result <= 0 { return false }
            written += result
        }
        return true
    }
}

/// Collects a pipe's bytes and hands out each whole frame.
struct SandboxFrameReader {
    /// A part longer than this is taken for a broken child.
    let maxPart: Int
    private var buffer: [UInt8] = []
    private var start = 0

    init(maxPart: Int = SandboxFrames.maxPart) {
        self.maxPart = maxPart
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer += bytes
    }

    /// The next whole frame, nil until one has arrived; throws on a frame no child would send.
    mutating func next() throws -> (SandboxMessage, [UInt8])? {
        guard let jsonLength = length(at: start), buffer.count - start >= 4 + jsonLength + 4,
            let payloadLength = length(at: start + 4 + jsonLength), buffer.count - start >= 8 + jsonLength + payloadLength
        else { return nil }
        let jsonStart = start + 4, payloadStart = jsonStart + jsonLength + 4
        let message = try JSONDecoder().decode(SandboxMessage.self, from: Data(buffer[jsonStart..<jsonStart + jsonLength]))
        let payload = Array(buffer[payloadStart..<payloadStart + payloadLength])
        start = payloadStart + payloadLength
        return (message, payload)
    }

    private func length(at offset: Int) -> Int? {
        guard buffer.count - offset >= 4 else { return nil }
        let length = buffer[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        return length
    }

    /// Whether the bytes so far hold a length no honest child writes.
    var isBroken: Bool {
        guard let jsonLength = length(at: start) else { return false }
        if jsonLength > SandboxFrames.maxPart { return true }
        guard let payloadLength = length(at: start + 4 + jsonLength) else { return false }
        return payloadLength > maxPart
    }

    /// Bytes that began a frame and never finished it.
    var hasPartialFrame: Bool { buffer.count > start }
}
