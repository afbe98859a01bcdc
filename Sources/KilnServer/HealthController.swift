import Hummingbird
import KilnStorage

/// `GET /healthz`: 200 once the metadata store answers.
struct HealthController: Sendable {
    let store: any MetadataStore

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.get("/healthz") { _, context in
            do {
                _ = try await store.listFiles(FileListQuery(limit: 1))
            } catch {
                context.logger.error("health check: metadata store is not answering", metadata: ["error": "\(error)"])
                throw APIError(.serviceUnavailable, "metadata store is not answering")
            }
            return try Response.json(["status": "ok"])
        }
        return routes
    }
}
