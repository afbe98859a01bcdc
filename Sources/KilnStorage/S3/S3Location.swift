import Foundation

/// Where an S3-compatible bucket is and how to sign for it. Addressed path-style
/// (`endpoint/bucket/key`), which every S3-compatible store and AWS itself accept.
public struct S3Location: Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    public let bucket: String
    public let region: String
    /// Put before every object key, e.g. `kiln/`, so one bucket can hold several libraries.
    public let prefix: String
    public let credentials: SigV4.Credentials
    /// How long one request may take to be answered (a part upload gets a second more per MiB).
    public let timeout: Duration

    public init(
        endpoint: String, bucket: String, region: String = "us-east-1", prefix: String = "",
        credentials: SigV4.Credentials, timeout: Duration = .seconds(5)
    ) throws {
        guard let url = URLComponents(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw S3ConfigurationError("KILN_S3_ENDPOINT must be an http or https URL, like http://127.0.0.1:8333")
        }
        guard !bucket.isEmpty, bucket.utf8.allSatisfy({ $0 != UInt8(ascii: "/") }) else {
            throw S3ConfigurationError("KILN_S3_BUCKET must name one bucket")
        }
        guard !credentials.accessKey.isEmpty, !credentials.secretKey.isEmpty else {
            throw S3ConfigurationError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set for KILN_BLOB_STORE=s3")
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port
        self.bucket = bucket
        self.region = region
        var prefix = prefix.drop { $0 == "/" }
        if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
        self.prefix = String(prefix)
        self.credentials = credentials
        self.timeout = timeout
    }

    /// The `Host` header: the port only when it is not the scheme's own.
    var hostHeader: String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    var origin: String { "\(scheme)://\(hostHeader)" }

    /// Never with the secret.
    public var description: String { "\(origin)/\(bucket)/\(prefix)" }
}

public struct S3ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
