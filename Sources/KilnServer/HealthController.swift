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
