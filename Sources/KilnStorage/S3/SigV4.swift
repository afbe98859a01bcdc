import Crypto
import Foundation
import KilnCore

/// AWS Signature Version 4 as S3 checks it, for requests signed in their `Authorization` header
/// and for presigned URLs. Pure: the same request, credentials and instant give the same signature.
public struct SigV4: Sendable {
    public struct Credentials: Sendable, Equatable {
        public let accessKey: String
        public let secretKey: String
        public let sessionToken: String?

        public init(accessKey: String, secretKey: String, sessionToken: String? = nil) {
            self.accessKey = accessKey
            self.secretKey = secretKey
            self.sessionToken = sessionToken
        }
    }

    /// One request as it will be sent: the path already in its URI-encoded form, the query as
    /// decoded name–value pairs (a name alone has an empty value), and the headers to sign.
    public struct Request: Sendable {
        public var method: String
        /// `host` or `host:port`, as the `Host` header carries it.
        public var host: String
        public var encodedPath: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]

        public init(
            method: String, host: String, encodedPath: String, query: [(name: String, value: String)] = [],
            headers: [(name: String, value: String)] = []
        ) {
            self.method = method
            self.host = host
            self.encodedPath = encodedPath
            self.query = query
            self.headers = headers
        }
    }

    /// What a signature was made of, for tests and for reading a store's 403.
    public struct Signed: Sendable {
        public let canonicalRequest: String
        public let stringToSign: String
        public let signature: String
    }

    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    public static let emptyPayloadHash = hexSHA256(Data())

    public let credentials: Credentials
    public let region: String
    public let service: String

    public init(credentials: Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to send with `request`: its own, plus `host`, `x-amz-date`, `x-amz-content-sha256`,
    /// the session token when there is one, and `Authorization`.
    public func signHeaders(_ request: Request, payloadHash: String, at date: Date) -> (headers: [(name: String, value: String)], signed: Signed) {
        let stamp = Self.timestamp(date)
        var request = request
        request.headers.append(("host", request.host))
        request.headers.append(("x-amz-date", stamp))
        request.headers.append(("x-amz-content-sha256", payloadHash))
        if let token = credentials.sessionToken { request.headers.append(("x-amz-security-token", token)) }
        let signed = sign(request, payloadHash: payloadHash, stamp: stamp)
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKey)/\(scope(stamp)), "
            + "SignedHeaders=\(Self.signedHeaderNames(request.headers)), Signature=\(signed.signature)"
        return (request.headers + [("Authorization", authorization)], signed)
    }

    /// The query that makes `request` a URL anyone may use until `expires` after `date`: the
    /// request's own query with the `X-Amz-*` parameters and the signature, encoded and ordered.
    public func presignedQuery(_ request: Request, expires: Int, at date: Date) -> (query: String, signed: Signed) {
        let stamp = Self.timestamp(date)
        var request = request
        request.headers = [("host", request.host)]
        request.query += [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKey)/\(scope(stamp))"),
            ("X-Amz-Date", stamp),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", "host"),
        ]
        if let token = credentials.sessionToken { request.query.append(("X-Amz-Security-Token", token)) }
        let signed = sign(request, payloadHash: Self.unsignedPayload, stamp: stamp)
        return (Self.canonicalQuery(request.query) + "&X-Amz-Signature=" + signed.signature, signed)
    }

    func sign(_ request: Request, payloadHash: String, stamp: String) -> Signed {
        let canonicalRequest = [
            request.method,
            request.encodedPath.isEmpty ? "/" : request.encodedPath,
            Self.canonicalQuery(request.query),
            Self.canonicalHeaders(request.headers),
            Self.signedHeaderNames(request.headers),
            payloadHash,
        ].joined(separator: "\n")
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope(stamp), Self.hexSHA256(Data(canonicalRequest.utf8))]
            .joined(separator: "\n")
        let day = String(stamp.prefix(8))
        var key = SymmetricKey(data: Data("AWS4\(credentials.secretKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        let signature = Array(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key)).hexString
        return Signed(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    private func scope(_ stamp: String) -> String { "\(stamp.prefix(8))/\(region)/\(service)/aws4_request" }

    // MARK: - Canonical forms

    /// `20130524T000000Z`, in UTC whatever the machine's zone.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let time = String(format: "%02d%02d%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        return day + "T" + time + "Z"
    }

    /// Percent-encodes all but the unreserved characters; `/` too unless `keepingSlashes`.
    public static func uriEncode(_ text: String, keepingSlashes: Bool = false) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlashes:
                encoded.append("/")
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }

    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = query.map { (uriEncode($0.name), uriEncode($0.value)) }
        let ordered = encoded.sorted { left, right in left.name == right.name ? left.value < right.value : left.name < right.name }
        return ordered.map { pair in pair.name + "=" + pair.value }.joined(separator: "&")
    }

    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> String {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let trimmed = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            merged[name.lowercased(), default: []].append(trimmed)
        }
        return merged.keys.sorted().map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
    }

    static func signedHeaderNames(_ headers: [(name: String, value: String)]) -> String {
        Set(headers.map { $0.name.lowercased() }).sorted().joined(separator: ";")
    }

    public static func hexSHA256(_ data: Data) -> String { Array(SHA256.hash(data: data)).hexString }
}
