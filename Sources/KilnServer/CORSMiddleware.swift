import HTTPTypes
import Hummingbird

/// Lets web players on other origins fetch what `<video src>` would: downloads and HLS trees. A
/// player built on Media Source Extensions (hls.js, Shaka) fetches playlists and segments with
/// `fetch`, which a browser refuses without `Access-Control-Allow-Origin`; errors carry it too, so
/// a player sees a 401 as a 401. Any origin may read: the credentials these paths take are bearer
/// tokens and signed URLs, never cookies. A preflight (for an `Authorization` or `Range` header) is
/// answered here.
struct PlayerCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.headers[.origin] != nil, Self.isDelivery(request.uri.path) else {
            return try await next(request, context)
        }
        if request.method == .options {
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: "*", .accessControlAllowMethods: "GET, HEAD",
                .accessControlAllowHeaders: "Authorization, Range", .accessControlMaxAge: "86400",
            ])
        }
        var response = try await next(request, context)
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = "Content-Length, Content-Range, Accept-Ranges, ETag, X-Request-Id"
        return response
    }

    /// `/api/v3/files/{id}/download` and everything under `/api/v3/files/{id}/hls/`.
    static func isDelivery(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[1] == "api", parts[2] == "v3", parts[3] == "files" else { return false }
        return (parts.count == 6 && parts[5] == "download") || (parts.count >= 7 && parts[5] == "hls")
    }
}
