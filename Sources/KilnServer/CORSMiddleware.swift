import HTTPTypes
import Hummingbird

/// Lets web apps on other origins use what browsers fetch cross-origin: downloads and HLS trees for
/// players (a player built on Media Source Extensions, hls.js or Shaka, fetches playlists and
/// segments with `fetch`), and resumable uploads for tus-js-client and Uppy. A browser refuses an
/// answer without `Access-Control-Allow-Origin`; errors carry it too, so a client sees a 401 as a
/// 401. Any origin may: the credentials these paths take are bearer tokens and signed URLs, never
/// cookies. A preflight is answered here.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.headers[.origin] != nil, let policy = Self.policy(for: request.uri.path) else {
            return try await next(request, context)
        }
        // A preflight; tus's own OPTIONS (discovery) answers it with its headers too.
        var response = request.method == .options && policy.answersOptions
            ? Response(status: .noContent) : try await next(request, context)
        if request.method == .options {
            response.headers[.accessControlAllowMethods] = policy.methods
            response.headers[.accessControlAllowHeaders] = policy.requestHeaders
            response.headers[.accessControlMaxAge] = "86400"
        }
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = policy.exposedHeaders
        return response
    }

    static func policy(for path: String) -> CORSPolicy? {
        if isDelivery(path) { return .delivery }
        if ResumableUploadController.isResumable(path) { return .resumableUploads }
        return nil
    }

    /// `/api/v3/files/{id}/download` and everything under `/api/v3/files/{id}/hls/`.
    static func isDelivery(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[1] == "api", parts[2] == "v3", parts[3] == "files" else { return false }
        return (parts.count == 6 && parts[5] == "download") || (parts.count >= 7 && parts[5] == "hls")
    }
}

/// What one kind of path lets other origins do.
struct CORSPolicy: Sendable {
    let methods: String
    let requestHeaders: String
    let exposedHeaders: String
    /// Whether a preflight is answered here, not by a route of its own.
    var answersOptions = true

    static let delivery = CORSPolicy(
        methods: "GET, HEAD", requestHeaders: "Authorization, Range",
        exposedHeaders: "Content-Length, Content-Range, Accept-Ranges, ETag, X-Request-Id")
    static let resumableUploads = CORSPolicy(
        methods: "POST, HEAD, PATCH, DELETE, OPTIONS",
        requestHeaders: "Authorization, Content-Type, Tus-Resumable, Upload-Length, Upload-Defer-Length, Upload-Metadata, "
            + "Upload-Offset, Upload-Checksum, X-Request-Id, X-Requested-With",
        exposedHeaders: "Location, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Tus-Checksum-Algorithm, "
            + "Upload-Offset, Upload-Length, Upload-Defer-Length, Upload-Metadata, Upload-Expires, Kiln-File-Id, X-Request-Id",
        answersOptions: false)
}
