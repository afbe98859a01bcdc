import Foundation
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// Live-room recordings: a room service registers them, players read the room and follow the
/// signed watch and thumbnail links.
struct RoomController: Sendable {
    let rooms: RoomLibrary
    let presenter: RoomPresenter
    let signer: URLSigner
    let limits: UploadLimits

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.post("/api/v1/rooms/:roomId/recordings") { request, context in
            try await register(request, context: context)
        }
        routes.get("/api/v1/rooms/:roomId/recorded") { request, context in
            let caller = try context.caller()
            let roomId = try context.parameters.knownRoomID()
            // Before the room is looked up, so that a refused token learns nothing of which rooms exist.
            try RoomAccess.checkReading(roomId, by: caller)
            return try Response.json(presenter.object(for: try await rooms.room(roomId)))
        }
        routes.get("/api/v1/rooms/:roomId/recorded/:playbackId/watch") { request, context in
            try await watch(request, context: context)
        }
        routes.get("/api/v1/rooms/:roomId/recorded/:playbackId/thumbnail") { request, context in
            try await thumbnail(request, context: context)
        }
        routes.delete("/api/v1/rooms/:roomId/recordings/:playbackId") { request, context in
            try context.requireAdmin("only an admin may remove a recording")
            let playbackId = try context.parameters.playbackID()
            try await rooms.remove(playbackId, of: try context.parameters.knownRoomID())
            return try Response.json(SuccessEnvelope(data: ["playbackId": playbackId.rawValue]))
        }
        return routes
    }

    /// A multipart upload of the recording, or JSON naming a video uploaded before.
    private func register(_ request: Request, context: KilnRequestContext) async throws -> Response {
        // Refused before the body is read: the connection cannot carry another request.
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let caller: Identity, roomId: RoomID
        do throws(APIError) {
            caller = try registrar(in: context, uploading: !contentType.hasPrefix("application/json"))
            roomId = try context.parameters.roomIDToRegister()
        } catch {
            throw error.closingConnection()
        }
        let entry: RecordedRoom.Entry
        if contentType.hasPrefix("multipart/form-data") {
            let received = try await MultipartUploadReader(endpoint: .videos, limits: limits, blobs: rooms.files.blobs, logger: rooms.logger)
                .read(request)
            entry = try await received.upload.abortingAfterwards { () async throws(APIError) in
                let window = try Self.window(received.fields["startedAt"], received.fields["endedAt"])
                return try await rooms.register(upload: received, in: roomId, window: window, by: caller)
            }
        } else if contentType.hasPrefix("application/json") {
            let fields = try await request.jsonObject(context: context)
            guard let text = fields["fileId"]?.stringValue, let fileId = FileID(rawValue: text) else {
                throw APIError.badRequest("fileId must be the id of an uploaded video")
            }
            let window = try Self.window(
                try Self.text(fields["startedAt"], named: "startedAt"), try Self.text(fields["endedAt"], named: "endedAt"))
            let actingFor = try Self.text(fields["userId"], named: "userId")
            entry = try await rooms.register(file: fileId, in: roomId, window: window, by: caller, actingFor: actingFor)
        } else {
            throw APIError.unsupportedMediaType(
                "send the recording as multipart/form-data with a file part, or JSON {\"fileId\": …}").closingConnection()
        }
        let audience = FileAudience(of: entry.file, caller: context.identity)
        return try Response.json(presenter.object(for: entry.recording, file: entry.file, to: audience), status: .created)
    }

    /// Any valid token may go on to register a file by id, where `RoomAccess` decides once the file is
    /// known; only an admin or a service may upload a recording with its registration.
    private func registrar(in context: KilnRequestContext, uploading: Bool) throws(APIError) -> Identity {
        let caller = try context.caller()
        guard !uploading || caller.role == .admin || caller.role == .service else {
            throw APIError.forbidden("only an admin or a service token may upload a recording; a user may register a video of their own by fileId")
        }
        return caller
    }

    private static func window(_ startedAt: String?, _ endedAt: String?) throws(APIError) -> (startedAt: Date?, endedAt: Date?) {
        do {
            return try RoomRecording.validatedWindow(
                startedAt: startedAt.flatMap { $0.isEmpty ? nil : $0 }, endedAt: endedAt.flatMap { $0.isEmpty ? nil : $0 })
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    private static func text(_ value: JSONValue?, named field: String) throws(APIError) -> String? {
        switch value {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw APIError.badRequest("\(field) must be a string")
        }
    }

    /// 302 to a signed download link of the best rendition, or of `?resolution=`, that expires no
    /// later than the watch link or token the request came with.
    private func watch(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let roomId = try context.parameters.knownRoomID(), playbackId = try context.parameters.playbackID()
        let presented = try requireReader(of: roomId, over: RoomPresenter.watchPath(roomId, playbackId), request, context)
        let file = try await rooms.recording(playbackId, in: roomId).file
        let asked = request.uri.queryParameters["resolution"].map(String.init)
        if let asked, !RenditionLadder.names.contains(asked) {
            throw APIError.badRequest("resolution must be one of: \(RenditionLadder.names.joined(separator: ", "))")
        }
        switch file.status {
        case .transcoded: break
        case .transcodeFailed:
            let reason = file.failureReason.map { ": \($0)" } ?? ""
            throw APIError.conflict("recording \(playbackId) failed to transcode\(reason)")
        default:
            throw APIError.conflict("recording \(playbackId) is not playable yet (status: \(file.status.rawValue))")
        }
        guard let rendition = asked ?? RenditionLadder.bestRendition(among: file.variants.keys),
            file.variants[rendition] != nil
        else {
            throw APIError.notFound("recording \(playbackId) has no \(asked ?? "playable") rendition")
        }
        return Self.redirect(to: presenter.renditionURL(rendition, of: file, notAfter: presented))
    }

    /// 302 to a signed download link of the poster, expiring no later than what the request came with.
    private func thumbnail(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let roomId = try context.parameters.knownRoomID(), playbackId = try context.parameters.playbackID()
        let presented = try requireReader(of: roomId, over: RoomPresenter.thumbnailPath(roomId, playbackId), request, context)
        let file = try await rooms.recording(playbackId, in: roomId).file
        guard file.variants[StoredVariant.posterName] != nil else {
            throw APIError.notFound("recording \(playbackId) has no poster (status: \(file.status.rawValue))")
        }
        return Self.redirect(to: presenter.renditionURL(StoredVariant.posterName, of: file, notAfter: presented))
    }

    /// A link Kiln signed is its own grant (it was handed to a reader of the room); a token must be
    /// one that may read the room. When what was presented expires; nil for a token without one.
    private func requireReader(of roomId: RoomID, over path: String, _ request: Request, _ context: KilnRequestContext)
        throws(APIError) -> Date?
    {
        let presented = try context.requireTokenOrSignature(over: path, of: request, signer: signer)
        if case .caller(let caller) = context.authentication { try RoomAccess.checkReading(roomId, by: caller) }
        return presented
    }

    /// The target is signed and expires, so the redirect itself must not be cached.
    private static func redirect(to location: String) -> Response {
        Response(status: .found, headers: [.location: location, .cacheControl: "no-store"])
    }
}

extension Parameters {
    /// The `{roomId}` of a registration: a malformed one is a bad request.
    func roomIDToRegister() throws(APIError) -> RoomID {
        try identifier("roomId") { _ in
            APIError.badRequest("roomId must be 1 to \(RoomID.maxLength) letters, digits, '-', '_', '.' or ':'")
        }
    }

    /// The `{roomId}` of a room being read: a malformed one names no room.
    func knownRoomID() throws(APIError) -> RoomID {
        try identifier("roomId") { APIError.notFound("no room with id \($0)") }
    }

    func playbackID() throws(APIError) -> PlaybackID {
        try identifier("playbackId") { APIError.notFound("no recording with playback id \($0)") }
    }
}
