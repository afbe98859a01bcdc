import Hummingbird
import KilnDomain
import KilnStorage
import Logging

/// Whether this node can do its work: the metadata store and the blob store answer.
struct HealthCheck: Sendable {
    let store: any MetadataStore
    let blobs: any BlobStore

    func response(logger: Logger) async throws -> Response {
        for (name, check) in [("metadata store", store.checkAnswering), ("blob store", blobs.checkAnswering)] {
            do {
                try await check()
            } catch {
                logger.error("health check: \(name) is not answering", metadata: ["error": "\(error)"])
                var answer = APIError(.serviceUnavailable, "\(name) is not answering")
                answer.extraHeaders[.retryAfter] = "5"
                throw answer
            }
        }
        return try Response.json(["status": "ok"])
    }
}

/// `GET /healthz`: 200 once the metadata store answers.
struct HealthController: Sendable {
    let health: HealthCheck

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.get("/healthz") { _, context in try await health.response(logger: context.logger) }
        return routes
    }
}

/// All a worker node answers: `/healthz`, and 404 in the API's error shape for anything else.
struct HealthOnlyResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let health: HealthCheck

    func respond(to request: Request, context: Context) async throws -> Response {
        do {
            guard request.uri.path == "/healthz", request.method == .get || request.method == .head else {
                throw APIError.notFound("a worker node serves only /healthz")
            }
            return try await health.response(logger: context.logger)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        }
    }
}
