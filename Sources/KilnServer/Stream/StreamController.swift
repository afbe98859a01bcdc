import Foundation
import Hummingbird
import Synchronization
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
        let sizes = Mutex<[StreamImageSize]>([])
        let stored = try await intake.receive(request, from: caller.identity, via: endpoint) { received throws(APIError) in
            if let field = received.fields["upload_sizes"] {
                guard endpoint == .images else { throw APIError.badRequest("upload_sizes are for images: POST /api/v2/uploads/image") }
                let asked = try StreamImageSize.list(field)
                sizes.withLock { $0 = asked }
            }
            return try caller.owner(namedBy: received.fields["user"])
        }
        // The sizes asked for are made before the answer. One that cannot be made now (the image
        // workers busy) is made on its first request instead, as any size is: the upload stands.
        let asked = sizes.withLock { $0 }
        for size in asked {
            do throws(APIError) {
                _ = try await library.sizesOnRequest.variant(of: try await library.liveFile(stored.id), size.request)
            } catch {
                library.logger.warning(
                    "an upload size is left to its first request", metadata: ["fileId": "\(stored.id)", "reason": "\(error)"])
            }
        }
        let object = presenter.object(for: stored, to: .managers)
        return try Response.json(
            StreamUploadAnswer(
                duration: StreamDuration.text(ContinuousClock.now - started), file: Self.withOriginalSize(object.signedUrl ?? object.fileUrl, of: stored),
                thumb_url: object.attributes.metadata["thumbnailUrl"]?.stringValue,
                upload_sizes: endpoint == .images ? asked : nil))
    }

    /// Stream's image URLs carry the original's size (`ow`, `oh`): its client SDKs resize only URLs
    /// that do, by adding `w`, `h`, `resize` and `crop`, which Kiln's download takes.
    static func withOriginalSize(_ url: String, of file: StoredFile) -> String {
        guard file.type == .image, let width = file.metadata["width"]?.numberValue, let height = file.metadata["height"]?.numberValue
        else { return url }
        return url + (url.contains("?") ? "&" : "?") + "ow=\(Int(width))&oh=\(Int(height))"
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

}

/// What Stream's upload endpoints answer.
struct StreamUploadAnswer: Encodable {
    let duration: String
    let file: String
    let thumb_url: String?
    /// An image's sizes made at upload, as they were asked for.
    let upload_sizes: [StreamImageSize]?
}

/// One of Stream's `upload_sizes`: `{"width", "height", "resize", "crop"}`, any of them null.
struct StreamImageSize: Codable, Sendable {
    let width: Int?
    let height: Int?
    let resize: String?
    let crop: String?
    let request: ImageSizeRequest

    enum CodingKeys: String, CodingKey { case width, height, resize, crop }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
        resize = try container.decodeIfPresent(String.self, forKey: .resize)
        crop = try container.decodeIfPresent(String.self, forKey: .crop)
        request = try ImageSizeRequest(w: width.map(String.init), h: height.map(String.init), resize: resize, crop: crop)
            ?? { throw RuleViolation("a size needs a width, a height or both") }()
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(request.resize.rawValue, forKey: .resize)
        try container.encode(request.resize == .crop ? request.anchor.rawValue : crop, forKey: .crop)
    }

    /// The field as Stream's SDKs send it: a JSON array (or `null`), at most as many sizes as an image
    /// may have made on request.
    static func list(_ field: String) throws(APIError) -> [StreamImageSize] {
        let sizes: [StreamImageSize]?
        do {
            sizes = try JSONDecoder().decode([StreamImageSize]?.self, from: Data(field.utf8))
        } catch let violation as RuleViolation {
            throw APIError.badRequest("upload_sizes: \(violation.message)")
        } catch {
            throw APIError.badRequest(#"upload_sizes must be a JSON array of {"width", "height", "resize", "crop"}"#)
        }
        guard (sizes ?? []).count <= ImageSizesOnRequest.maxSizesPerImage else {
            throw APIError.badRequest("upload_sizes may ask for at most \(ImageSizesOnRequest.maxSizesPerImage) sizes")
        }
        return sizes ?? []
    }
}

/// What Stream's endpoints that return nothing else answer.
struct StreamAnswer: Encodable {
    let duration: String
}
