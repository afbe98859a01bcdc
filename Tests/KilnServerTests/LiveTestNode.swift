import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

@testable import HummingbirdTesting

/// How a test reaches the node it built: `router` hands requests to the router, with no socket;
/// `live` serves on a port and asks over one kept-alive connection; `ahc` serves on a port and
/// asks through AsyncHTTPClient's pool, for requests that must run at the same time.
///
/// HummingbirdTesting's own live clients give every request 15 or 20 s, answer included: a loaded
/// 2-core machine running the whole suite needed longer for a 16 MiB body, and the test failed
/// on the machine, not on Kiln. Here a request may take `Patience`, which only ends a test whose
/// server never answers.
struct KilnTestSetup: Sendable {
    enum Kind: Sendable {
        case router, live, ahc
    }

    let kind: Kind
    static let router = KilnTestSetup(kind: .router)
    static let live = KilnTestSetup(kind: .live)
    static func ahc() -> KilnTestSetup { KilnTestSetup(kind: .ahc) }

    func run<App: ApplicationProtocol, Value>(
        _ app: App, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        switch kind {
        case .router: return try await app.test(.router, test)
        case .live, .ahc: return try await serve(app, test)
        }
    }

    private func serve<App: ApplicationProtocol, Value>(
        _ app: App, _ test: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let application = TestApplication(base: app)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            let services = ServiceGroup(
                configuration: .init(services: [application], gracefulShutdownSignals: [], logger: application.logger))
            group.addTask { try await services.run() }
            let port = await application.portPromise.wait()
            let client: any ClosableTestClient = kind == .live ? PatientConnection(port: port) : PatientPool(port: port)
            do {
                let value = try await test(client)
                try await client.close()
                await services.triggerGracefulShutdown()
                return value
            } catch {
                try? await client.close()
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

private protocol ClosableTestClient: TestClientProtocol {
    func close() async throws
}

/// One kept-alive connection, requests one after another. It connects at the first request: a test
/// that only wants the port (and floods it with sockets of its own) must not fail on a connection it
/// never used, whose connect HummingbirdTesting gives a fixed 5 s.
private final class PatientConnection: ClosableTestClient {
    let client: TestClient
    private let connected = Mutex(false)

    init(port: Int) {
        client = TestClient(host: "localhost", port: port, configuration: .init(timeout: Patience.duration))
    }

    var port: Int? { client.port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let first = connected.withLock { connected in
            defer { connected = true }
            return !connected
        }
        if first { client.connect() }
        var headers = headers
        headers[.connection] = "keep-alive"
        let response = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
        return TestResponse(head: response.head, body: response.body ?? ByteBuffer(), trailerHeaders: response.trailerHeaders)
    }

    func close() async throws {
        if connected.withLock({ $0 }) {
            try await client.shutdown()
        } else {
            // The client made its channel's promise when it was made; NIO traps on one left unkept.
            client.channelPromise.fail(TestClient.Error.connectionNotOpen)
        }
    }
}

/// AsyncHTTPClient's pool: requests at the same time on connections of their own.
private struct PatientPool: ClosableTestClient {
    /// Connecting is given the same patience: the pool's 10 s ran out on a loaded machine.
    let http = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(Int64(Patience.seconds)))))
    let port: Int?

    init(port: Int) { self.port = port }

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://localhost:\(port ?? 0)\(uri.first == "/" ? "" : "/")\(uri)")
        request.method = .init(method)
        request.headers = .init(headers)
        request.body = body.map { .bytes($0) }
        let response = try await http.execute(request, timeout: .seconds(Int64(Patience.seconds)))
        let head = HTTPResponseHead(version: response.version, status: response.status, headers: response.headers)
        let body = try await response.body.collect(upTo: .max)
        return TestResponse(head: try .init(head), body: body, trailerHeaders: nil)
    }

    func close() async throws { try await http.shutdown() }
}
