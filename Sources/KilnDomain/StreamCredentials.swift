/// A Stream app's credentials (`KILN_STREAM_API_KEY`, `KILN_STREAM_API_SECRET`). With them, Stream's
/// own server SDKs upload to Kiln through `/api/v2`, signing with the app's secret as they do for
/// Stream; without them, those routes do not exist.
public struct StreamCredentials: Sendable {
    public let apiKey: String
    /// The app's secret, held to the same length as Kiln's own: HS256 is only as strong as its key.
    public let apiSecret: JWTSecret

    public init(apiKey: String, apiSecret: String) throws(ConfigurationError) {
        guard !apiKey.isEmpty, apiKey.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ConfigurationError("KILN_STREAM_API_KEY must be a non-empty key of printable characters without spaces")
        }
        self.apiKey = apiKey
        let bytes = Array(apiSecret.utf8)
        guard bytes.count >= JWTSecret.minimumBytes else {
            throw ConfigurationError(
                "KILN_STREAM_API_SECRET is \(bytes.count) bytes long; it must be at least \(JWTSecret.minimumBytes) bytes")
        }
        self.apiSecret = try JWTSecret(bytes: bytes)
    }

    /// Both variables or neither: one alone is a mistake, not a choice.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> StreamCredentials? {
        let key = environment["KILN_STREAM_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["KILN_STREAM_API_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (nil, nil): return nil
        case (let key?, let secret?): return try StreamCredentials(apiKey: key, apiSecret: secret)
        default: throw ConfigurationError("KILN_STREAM_API_KEY and KILN_STREAM_API_SECRET are set together or not at all")
        }
    }
}
