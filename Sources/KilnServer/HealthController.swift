import Hummingbird
import KilnStorage

/// `GET /healthz`: 200 once the metadata store answers.
struct HealthController: Sendable {
    let store: any MetadataStore

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.get("/healthz") { _, _ in
            do {
                _ = try await store.listFiles(FileListQuery(limit: 1))
            } catch {
                throw APIError(.serviceUnavailable, "metadata store is not answering: \(error)")
            }
            return try Response.json(["status": "ok"])
        }
        return routes
    }
}
