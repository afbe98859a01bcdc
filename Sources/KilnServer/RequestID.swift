import Logging
import Synchronization

/// The id every response carries in `X-Request-Id` and every log line of the request in
/// `requestId`: the client's own when it sent a sane one, so its logs and Kiln's meet, else a new one.
public enum RequestID {
    /// The request being served by this task and the tasks it starts.
    @TaskLocal public static var current: String?

    /// Up to 128 letters, digits and `-_.:`; anything else is not taken from a client, because it
    /// ends up in log lines other programs parse.
    static func isSane(_ candidate: Substring) -> Bool {
        (1...128).contains(candidate.utf8.count)
            && candidate.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: ":")
            }
    }

    /// 32 hex digits: this process's random half, then a count. Unique without asking the kernel
    /// for randomness on every request; an id names a request, it grants nothing.
    static func make() -> String {
        processPart + hex(issued.add(1, ordering: .relaxed).newValue)
    }

    private static let processPart = hex(UInt64.random(in: .min ... .max))
    private static let issued = Atomic<UInt64>(0)

    private static func hex(_ word: UInt64) -> String {
        let digits = String(word, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension Logger.MetadataProvider {
    /// Adds `requestId` to every line logged while a request is served, whichever logger logs it.
    public static let requestID = Logger.MetadataProvider {
        guard let id = RequestID.current else { return [:] }
        return ["requestId": .string(id)]
    }
}
