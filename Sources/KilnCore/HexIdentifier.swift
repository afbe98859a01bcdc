/// A public identifier of 32 lowercase hex characters drawn from the system's secure generator,
/// encoded as a bare JSON string.
public protocol HexIdentifier: Hashable, Sendable, Codable, CustomStringConvertible, RawRepresentable
where RawValue == String {
    /// Wraps text already checked to be 32 lowercase hex characters.
    init(validated rawValue: String)
}

extension HexIdentifier {
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 32, rawValue.utf8.allSatisfy(isLowercaseHexDigit) else { return nil }
        self.init(validated: rawValue)
    }

    public static func random() -> Self {
        Self(validated: secureRandomBytes(16).hexString)
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a \(Self.self): \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

private func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
}
