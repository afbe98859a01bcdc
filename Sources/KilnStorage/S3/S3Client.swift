import AsyncHTTPClient
import Crypto
import Foundation
import KilnCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Signed requests to one bucket. A store that cannot be reached, times out or answers 5xx is
/// `StoreUnavailable`; requests that may be repeated are, a few times, with backoff, within the
/// location's timeout.
struct S3Client: Sendable {
    let location: S3Location
    let signer: SigV4
    let clock: WallClock

    /// One client for the process, never shut down: its connections outlive any one store.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)),
            decompression: .disabled)
        // A refused connection fails the attempt at once, and `send` decides about retrying: a store
        // that is down is a 503 in a fraction of a second, not at the end of the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Every proxied download holds a connection to the store while it streams.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    init(location: S3Location, clock: WallClock = .system) {
        self.location = location
        signer = SigV4(credentials: location.credentials, region: location.region)
        self.clock = clock
    }

    /// `/bucket` or `/bucket/prefix…key`, URI-encoded as it is sent and signed.
    func encodedPath(objectKey: String?) -> String {
        let bucket = "/" + SigV4.uriEncode(location.bucket)
        guard let objectKey else { return bucket }
        return bucket + "/" + SigV4.uriEncode(objectKey, keepingSlashes: true)
    }

    /// Sends one request and returns its response, body unread; an answer of 500 or more (after the
    /// retries an `idempotent` request gets) or no answer in time is `StoreUnavailable`.
    func send(
        _ method: HTTPMethod, objectKey: String?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: ByteBuffer? = nil, idempotent: Bool,
        timeout: Duration? = nil
    ) async throws -> HTTPClientResponse {
        let payloadHash = body.map { body in body.withUnsafeReadableBytes { Array(SHA256.hash(data: $0)).hexString } }
            ?? SigV4.emptyPayloadHash
        // One budget for every attempt, up to the answer's head (a body then streams under the
        // client's read timeout): a store that is down costs a request the timeout, not a multiple
        // of it. A body to send gets a quarter second more per MiB (32 Mbit/s).
        let bodyAllowance = TimeAmount.milliseconds(Int64((body?.readableBytes ?? 0) >> 20) * 250)
        let giveUp: NIODeadline = .now() + .nanoseconds((timeout ?? location.timeout).nanoseconds) + bodyAllowance
        var lastFailure: any Error = StoreUnavailable("the object store at \(location) did not answer", store: .blobStore)
        for attempt in 1...(idempotent ? 3 : 1) {
            if attempt > 1 {
                let pause = Int64(100 << (attempt - 2))
                guard NIODeadline.now() + .milliseconds(pause) < giveUp else { break }
                try await Task.sleep(for: .milliseconds(pause))
            }
            let request = SigV4.Request(
                method: method.rawValue, host: location.hostHeader, encodedPath: encodedPath(objectKey: objectKey),
                query: query, headers: headers)
            let (signedHeaders, _) = signer.signHeaders(request, payloadHash: payloadHash, at: clock.now())
            var outgoing = HTTPClientRequest(url: location.origin + request.encodedPath + Self.queryString(query))
            outgoing.method = method
            for (name, value) in signedHeaders { outgoing.headers.replaceOrAdd(name: name, value: value) }
            if let body {
                outgoing.body = .bytes(body)
            }
            do {
                let response = try await Self.http.execute(outgoing, deadline: giveUp)
                guard response.status.code >= 500 else { return response }
                await response.discardBody()
                lastFailure = StoreUnavailable("the object store at \(location) answered \(response.status.code)", store: .blobStore)
            } catch let error where !(error is CancellationError) {
                lastFailure = StoreUnavailable("the object store at \(location) is unreachable: \(Self.reason(error))", store: .blobStore)
            }
            if NIODeadline.now() >= giveUp { break }
        }
        throw lastFailure
    }

    /// The query as sent: encoded exactly as it was signed.
    static func queryString(_ query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + SigV4.canonicalQuery(query)
    }

    /// A failure the store answered with a 4xx: its code and message, for logs and start-up errors.
    static func failure(_ response: HTTPClientResponse, doing what: String) async -> S3Failure {
        let body = (try? await response.body.collect(upTo: 64 * 1024)).map { Data($0.readableBytesView) } ?? Data()
        return S3Failure(status: Int(response.status.code), body: body, doing: what)
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        if let error = error as? NIOConnectionError,
            let socket = error.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first
        {
            return String(cString: strerror(socket.errnoCode)).lowercased()
        }
        return "\(error)"
    }
}

extension HTTPClientResponse {
    /// Reads what is left of a small answer's body and drops it, so its connection can carry the
    /// next request.
    func discardBody() async {
        _ = try? await body.collect(upTo: 64 * 1024)
    }
}

/// The store refused a request (4xx), with what it said.
public struct S3Failure: Error, CustomStringConvertible {
    public let status: Int
    public let code: String?
    public let message: String?
    let doing: String

    /// The `<Error>` a store's answer carries, if any.
    init(status: Int, body: Data, doing: String) {
        self.status = status
        code = S3XML.text(of: "Code", in: body)
        message = S3XML.text(of: "Message", in: body)
        self.doing = doing
    }

    public var description: String {
        "\(doing): \(status)" + (code.map { " \($0)" } ?? "") + (message.map { ": \($0)" } ?? "")
    }
}
