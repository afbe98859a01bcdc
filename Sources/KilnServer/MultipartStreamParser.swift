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

    /// What has followed a delimiter so far; each byte moves it on once, so a run of padding costs
    /// one look a byte rather than a look at the whole run.
    private enum DelimiterTail {
        case start
        case dash
        case padding(Int)
        case carriageReturn
    }

    /// Transport padding allowed after a delimiter, before its CR LF.
    static let maxPaddingBytes = 254

    /// `CRLF--boundary`: the body of a part ends where this begins.
    private let delimiter: [UInt8]
    private var state = State.preamble
    private var tail = DelimiterTail.start
    /// The header line being read.
    private var pending: [UInt8] = []
    /// How much of `delimiter` the latest bytes matched; in a body, those bytes are held back until
    /// it is clear whether they are data or the delimiter.
    private var matched = 2
    /// Bytes looked at so far, each time one is looked at: tests hold it to a small multiple of the
    /// input, so no input can make parsing quadratic.
    private(set) var bytesExamined = 0

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
                state = try afterDelimiter(bytes[index])
                index += 1
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
            bytesExamined += 1
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
                    tail = .start
                    state = .afterDelimiter
                    return index
                }
                continue
            }
            if matched > 0 {
                // Held-back bytes were data after all. The boundary holds no CR, so a new match can
                // only start at this byte. Those held from an earlier chunk go out now (nothing of this
                // chunk has yet); those in this chunk stay in the slice that began at `dataStart`, so
                // data is cut only at delimiters and chunk ends, never at every CR.
                if emitting { emitHeld(matched - min(matched, index - dataStart)) }
                matched = 0
                continue
            }
            // Nothing matched: skip ahead to the next CR, the only byte that can begin a delimiter.
            let next = bytes[index...].firstIndex(of: delimiter[0]) ?? bytes.endIndex
            bytesExamined += next - index
            index = next
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

    /// After a delimiter come `--` (the close), or transport padding (spaces and tabs) then CR LF.
    private func afterDelimiter(_ byte: UInt8) throws(Failure) -> State {
        bytesExamined += 1
        switch (tail, byte) {
        case (.start, UInt8(ascii: "-")):
            tail = .dash
        case (.dash, UInt8(ascii: "-")):
            return .epilogue
        case (.start, 32), (.start, 9):
            tail = .padding(1)
        case (.padding(let count), 32), (.padding(let count), 9):
            guard count < Self.maxPaddingBytes else { throw .syntax }
            tail = .padding(count + 1)
        case (.start, 13), (.padding, 13):
            tail = .carriageReturn
        case (.carriageReturn, 10):
            pending.removeAll(keepingCapacity: true)
            return .headers
        default:
            throw .syntax
        }
        return .afterDelimiter
    }

    private func headers(_ line: [UInt8]) throws(Failure) -> State {
        bytesExamined += 1
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
