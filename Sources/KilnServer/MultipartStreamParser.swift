import NIOCore

/// A streaming `multipart/form-data` parser (RFC 2046 §5.1, RFC 7578): fed the body chunk by chunk,
/// it reports each part's header fields, its body bytes as they arrive and its end. Kiln's own, so
/// that no byte a client sends can trap the process: every malformed input is `syntax`.
final class MultipartStreamParser {
    enum Failure: Error { case syntax }

    /// One header line (name and value) may be at most this long.
    static let maxHeaderLineBytes = 16 * 1024

    var onHeader: (String, String) -> Void = { _, _ in }
    var onBody: (ByteBuffer) -> Void = { _ in }
    var onPartComplete: () -> Void = {}

    private enum State {
        /// Looking for the first delimiter; what comes before it is ignored.
        case preamble
        /// A delimiter was read: next come `--` (the close) or padding and CRLF (a part).
        case afterDelimiter
        case headers
        case body
        /// After the close delimiter; ignored.
        case epilogue
    }

    /// `CRLF--boundary`: the body of a part ends where this begins.
    private let delimiter: [UInt8]
    private var state = State.preamble
    /// The bytes after a delimiter, or of the header line being read.
    private var pending: [UInt8] = []
    /// How much of `delimiter` the latest bytes matched; in a body, those bytes are held back until
    /// it is clear whether they are data or the delimiter.
    private var matched = 2

    /// `boundary` must already be checked: 1 to 70 characters, none of them CR or LF.
    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
    }

    var isFinished: Bool {
        if case .epilogue = state { return true }
        return false
    }

    /// Body bytes are handed on as slices of `chunk`, never copied.
    func execute(_ chunk: ByteBuffer) throws(Failure) {
        let bytes = chunk.readableBytesView
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch state {
            case .preamble:
                index = scanForDelimiter(chunk, from: index, emitting: false)
            case .body:
                index = scanForDelimiter(chunk, from: index, emitting: true)
            case .afterDelimiter:
                pending.append(bytes[index])
                index += 1
                state = try afterDelimiter(pending)
            case .headers:
                pending.append(bytes[index])
                index += 1
                state = try headers(pending)
            case .epilogue:
                return
            }
        }
    }

    /// Matches the delimiter from `start`; in a body, reports the bytes that are data. Returns where
    /// scanning stopped: the end of `bytes`, or just past a whole delimiter.
    private func scanForDelimiter(_ chunk: ByteBuffer, from start: Int, emitting: Bool) -> Int {
        let bytes = chunk.readableBytesView
        var dataStart = start
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == delimiter[matched] {
                matched += 1
                index += 1
                if matched == delimiter.count {
                    if emitting {
                        emit(chunk, dataStart, index - delimiter.count)
                        onPartComplete()
                    }
                    matched = 0
                    pending.removeAll(keepingCapacity: true)
                    state = .afterDelimiter
                    return index
                }
                continue
            }
            if matched > 0 {
                // Held-back bytes were data after all. The boundary holds no CR, so a new match can
                // only start at this byte.
                if emitting {
                    let heldInThisChunk = min(matched, index - dataStart)
                    emitHeld(matched - heldInThisChunk)
                    emit(chunk, dataStart, index)
                    dataStart = index
                }
                matched = 0
                continue
            }
            // Nothing matched: skip ahead to the next CR, the only byte that can begin a delimiter.
            index = bytes[index...].firstIndex(of: delimiter[0]) ?? bytes.endIndex
        }
        // Bytes that may still turn out to be the delimiter stay back.
        if emitting { emit(chunk, dataStart, bytes.endIndex - min(matched, bytes.endIndex - dataStart)) }
        return index
    }

    /// Reports `from..<to` (indices of the chunk's readable bytes view) as body data.
    private func emit(_ chunk: ByteBuffer, _ from: Int, _ to: Int) {
        guard to > from, let slice = chunk.getSlice(at: from, length: to - from) else { return }
        onBody(slice)
    }

    /// Data held back from an earlier chunk: it was the start of the delimiter, so it is known.
    private func emitHeld(_ count: Int) {
        guard count > 0 else { return }
        onBody(ByteBuffer(bytes: delimiter[0..<count]))
    }

    private func afterDelimiter(_ seen: [UInt8]) throws(Failure) -> State {
        if seen == [UInt8(ascii: "-"), UInt8(ascii: "-")] { return .epilogue }
        if seen.count >= 2, seen.suffix(2) == [13, 10], seen.dropLast(2).allSatisfy(Self.isPadding) {
            pending.removeAll(keepingCapacity: true)
            return .headers
        }
        if seen == [UInt8(ascii: "-")] { return .afterDelimiter }
        // Transport padding (spaces and tabs) may follow a delimiter, then CR LF.
        guard seen.count < 256, seen.dropLast(seen.last == 13 ? 1 : 0).allSatisfy(Self.isPadding) else { throw .syntax }
        return .afterDelimiter
    }

    private func headers(_ line: [UInt8]) throws(Failure) -> State {
        guard line.count <= Self.maxHeaderLineBytes else { throw .syntax }
        guard line.count >= 2, line[line.count - 2] == 13, line[line.count - 1] == 10 else {
            // A bare LF ends nothing: header lines end with CR LF.
            if line.last == 10 { throw .syntax }
            return .headers
        }
        let content = line.dropLast(2)
        pending = []
        if content.isEmpty {
            matched = 0
            return .body
        }
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")), colon > content.startIndex,
            content[..<colon].allSatisfy(Self.isTokenCharacter)
        else { throw .syntax }
        let value = content[(colon + 1)...].drop { Self.isPadding($0) }
        let trimmed = value.reversed().drop { Self.isPadding($0) }.reversed()
        guard let name = String(validating: content[..<colon], as: UTF8.self) else { throw .syntax }
        onHeader(name, String(decoding: trimmed, as: UTF8.self))
        return .headers
    }

    private static func isPadding(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    /// RFC 9110 `tchar`: the characters of a header field name.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
