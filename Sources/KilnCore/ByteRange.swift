/// What a `Range` request header asks of a representation of a known size (RFC 9110 §14).
public enum RangeRequest: Equatable, Sendable {
    /// No usable range: send the whole representation with 200.
    case whole
    /// One satisfiable range: send 206 with these bytes.
    case partial(ClosedRange<Int64>)
    /// A syntactically valid range that misses the representation: 416.
    case unsatisfiable

    /// Parses a single-range `bytes=` header. Several ranges, other units and malformed values are
    /// answered with the whole representation, which the RFC allows a server to do.
    public init(header: String?, size: Int64) {
        guard let header else { self = .whole; return }
        let trimmed = header.trimmingWhitespace()
        guard trimmed.lowercased().hasPrefix("bytes=") else { self = .whole; return }
        let spec = trimmed.dropFirst("bytes=".count).trimmingWhitespace()
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let firstText = spec[..<dash].trimmingWhitespace()
        let lastText = spec[spec.index(after: dash)...].trimmingWhitespace()

        if firstText.isEmpty {
            guard let suffixLength = Self.digits(lastText) else { self = .whole; return }
            guard suffixLength > 0, size > 0 else { self = .unsatisfiable; return }
            self = .partial(max(0, size - suffixLength)...(size - 1))
            return
        }
        guard let first = Self.digits(firstText) else { self = .whole; return }
        let requestedLast: Int64?
        if lastText.isEmpty {
            requestedLast = nil
        } else {
            guard let last = Self.digits(lastText), last >= first else { self = .whole; return }
            requestedLast = last
        }
        guard first < size else { self = .unsatisfiable; return }
        self = .partial(first...min(requestedLast ?? (size - 1), size - 1))
    }

    private static func digits(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        // A number too large for Int64 is still a valid position past any end.
        return Int64(text) ?? Int64.max
    }
}
