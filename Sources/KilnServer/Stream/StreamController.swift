import Foundation
import Hummingbird
import KilnCore
import KilnDomain

/// Stream's file API, so an app's Stream server SDK uploads to Kiln unchanged: `POST
/// /api/v2/uploads/file|image`, `DELETE …?url=`, and the app's upload rules (`GET`/`PATCH
/// /api/v2/app`), authenticated as Stream authenticates, answered and refused in Stream's shapes. Every upload goes through the intake every Kiln upload takes and
/// becomes an ordinary Kiln file.
struct StreamController: Sendable {
    let authority: StreamAuthority
    let intake: UploadIntake
    let library: FileLibrary
    let presenter: FilePresenter

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        let api = routes.group("/api/v2").add(middleware: JSONErrorMiddleware(shape: .stream))
        api.post("uploads/file") { request, _ in try await upload(request, via: .files) }
        api.post("uploads/image") { request, _ in try await upload(request, via: .images) }
        api.delete("uploads/file") { request, _ in try await delete(request, imagesOnly: false) }
        api.delete("uploads/image") { request, _ in try await delete(request, imagesOnly: true) }
        api.get("app") { request, _ in try await app(request) }
        api.patch("app") { request, context in try await changeApp(request, context: context) }
        return routes
    }

    private func upload(_ request: Request, via endpoint: UploadEndpoint) async throws -> Response {
        let started = ContinuousClock.now
        let caller: StreamCaller
        do {
            caller = try await authority.caller(of: request)
        } catch let refusal as StreamRefusal {
            throw StreamRefusal(error: refusal.error.closingConnection(), code: refusal.code)
        } catch let refusal as APIError {
            throw refusal.closingConnection()
        }
        let stored = try await intake.receive(request, from: caller.identity, via: endpoint) { received throws(APIError) in
            if endpoint == .images, let sizes = received.fields["upload_sizes"], !Self.namesNoSizes(sizes) {
                throw APIError.badRequest(
                    "upload_sizes: this Kiln does not make sizes on request yet; upload without them and read "
                        + "size=small, medium or large of the file's URL")
            }
            return try caller.owner(namedBy: received.fields["user"])
        }
        let object = presenter.object(for: stored, to: .managers)
        return try Response.json(
            StreamUploadAnswer(
                duration: StreamDuration.text(ContinuousClock.now - started), file: object.signedUrl ?? object.fileUrl,
                thumb_url: object.attributes.metadata["thumbnailUrl"]?.stringValue))
    }

    /// Deletes the file a URL Kiln issued names: its uploader's token or the app's server may.
    private func delete(_ request: Request, imagesOnly: Bool) async throws -> Response {
        let started = ContinuousClock.now
        let caller = try await authority.caller(of: request)
        guard let url = request.uri.queryParameters["url"].map(String.init), !url.isEmpty else {
            throw APIError.badRequest("the url query parameter must name the file to delete")
        }
        guard let id = presenter.fileID(ofIssued: url) else {
            throw APIError.badRequest("url is not the URL of a file this Kiln issued: \(url)")
        }
        let file = try await library.liveFile(id)
        if imagesOnly, file.type != .image {
            throw APIError.badRequest("url names a \(file.type.rawValue), not an image: delete it with DELETE /api/v2/uploads/file")
        }
        try await library.delete(id, by: caller.identity)
        return try Response.json(StreamAnswer(duration: StreamDuration.text(ContinuousClock.now - started)))
    }

    /// The app object; only the app's server reads it.
    private func app(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        try await requireServer(request)
        let app = StreamApp.object(with: try await library.uploadRules.current())
        return try Response.json(
            ["duration": JSONValue.string(StreamDuration.text(ContinuousClock.now - started)), "app": .object(app)])
    }

    /// Changes the app's upload rules, for every node and every upload endpoint.
    private func changeApp(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        try await requireServer(request)
        let changed = try StreamApp.applying(try await request.jsonObject(context: context), to: try await library.uploadRules.current())
        try await library.uploadRules.replace(with: changed)
        return try Response.json(StreamAnswer(duration: StreamDuration.text(ContinuousClock.now - started)))
    }

    private func requireServer(_ request: Request) async throws {
        guard try await authority.caller(of: request) == .server else {
            throw APIError.forbidden("only the app's server token may read or change the app")
        }
    }

    /// Stream's SDKs send `null` or `[]` when no sizes were asked for.
    static func namesNoSizes(_ field: String) -> Bool {
        let trimmed = field.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "null" || trimmed.replacingOccurrences(of: " ", with: "") == "[]"
    }
}

/// What Stream's upload endpoints answer.
struct StreamUploadAnswer: Encodable {
    let duration: String
    let file: String
    let thumb_url: String?
}

/// What Stream's endpoints that return nothing else answer.
struct StreamAnswer: Encodable {
    let duration: String
}
