import Foundation
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// What operators use to find and re-run failed work: admin tokens only.
struct OperatorController: Sendable {
    let store: any MetadataStore
    let queue: any TranscodeQueue
    let rooms: any RoomStore
    let presenter: FilePresenter

    static let defaultPageSize = 20
    static let maxPageSize = 100

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.post("/api/v3/files/:fileId/transcode") { request, context in
            try await transcode(request, context: context)
        }
        routes.get("/api/v3/files") { request, context in
            try await list(request, context: context)
        }
        routes.get("/api/v1/rooms") { request, context in
            try await listRooms(request, context: context)
        }
        return routes
    }

    /// Re-runs a file's transcode: transcodeFailed → transcoding; with `force`, an unfinished one too.
    private func transcode(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let id = try context.parameters.fileID()
        try context.requireAdmin()
        let force = try Self.force(in: try await request.jsonObject(context: context, emptyIsEmptyObject: true))
        switch try await queue.retryTranscode(of: id, force: force) {
        case .success:
            guard let file = try await store.file(id: id) else { throw APIError.notFound("no file with id \(id)") }
            return try Response.json(SuccessEnvelope(data: presenter.object(for: file, to: .managers)), status: .accepted)
        case .failure(let conflict):
            throw conflict.apiError(for: id)
        }
    }

    private static func force(in body: [String: JSONValue]) throws(APIError) -> Bool {
        switch body["force"] {
        case nil, .null: return false
        case .bool(let force): return force
        default: throw APIError.badRequest("force must be true or false")
        }
    }

    /// `GET /api/v3/files?status=&type=&limit=&after=`: files newest first, a page at a time.
    private func list(_ request: Request, context: KilnRequestContext) async throws -> Response {
        try context.requireAdmin()
        let query = try Self.listQuery(request.uri.queryParameters)
        if let after = query.after, try await store.file(id: after) == nil {
            throw APIError.badRequest("after must be the fileId of a listed file; no file has id \(after)")
        }
        let page = try await store.filePage(query)
        return try Response.json(
            SuccessEnvelope(
                data: FilePage(
                    files: page.items.map { presenter.object(for: $0, to: .managers) }, paging: .init(next: page.lastBeforeMore?.id.rawValue))))
    }

    /// `GET /api/v1/rooms?limit=&after=`: rooms in id order with their recording counts, a page at a time.
    private func listRooms(_ request: Request, context: KilnRequestContext) async throws -> Response {
        try context.requireAdmin()
        let parameters = request.uri.queryParameters
        let limit = try Self.limit(in: parameters)
        var after: RoomID?
        if let text = parameters["after"].map(String.init) {
            guard let room = RoomID(rawValue: text) else { throw APIError.badRequest("after must be a roomId") }
            after = room
        }
        let page = try await rooms.roomPage(after: after, limit: limit)
        let next = page.lastBeforeMore?.roomId.rawValue
        let listed = page.items.map { room in
            RoomPage.Room(
                roomId: room.roomId.rawValue, recordings: room.recordings, createdAt: FilePresenter.timestamp(room.createdAt))
        }
        return try Response.json(SuccessEnvelope(data: RoomPage(rooms: listed, paging: .init(next: next))))
    }

    private static func limit(in parameters: Parameters) throws(APIError) -> Int {
        guard let text = parameters["limit"].map(String.init) else { return defaultPageSize }
        guard let limit = Int(text), (1...maxPageSize).contains(limit) else {
            throw APIError.badRequest("limit must be a whole number from 1 to \(maxPageSize)")
        }
        return limit
    }

    private static func listQuery(_ parameters: Parameters) throws(APIError) -> FileListQuery {
        var query = FileListQuery(limit: defaultPageSize)
        if let text = parameters["status"].map(String.init) {
            guard let status = FileStatus(rawValue: text) else {
                throw APIError.badRequest("status must be one of: \(FileStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = status
        }
        if let text = parameters["type"].map(String.init) {
            guard let type = FileType(rawValue: text) else {
                throw APIError.badRequest("type must be one of: \(FileType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.type = type
        }
        query.limit = try limit(in: parameters)
        if let text = parameters["after"].map(String.init) {
            guard let after = FileID(rawValue: text) else { throw APIError.badRequest("after must be a fileId") }
            query.after = after
        }
        return query
    }
}

/// Where a listing goes on: `next` is the `after` of the next page, null on the last.
struct Paging: Encodable {
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case next }
}

/// One page of a file listing.
struct FilePage: Encodable {
    let files: [FileObject]
    let paging: Paging
}

/// One page of the room listing.
struct RoomPage: Encodable {
    struct Room: Encodable {
        let roomId: String
        let recordings: Int
        let createdAt: String
    }

    let rooms: [Room]
    let paging: Paging
}
