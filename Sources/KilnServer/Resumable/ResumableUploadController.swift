import Foundation
import Hummingbird
import KilnCore
import KilnDomain

/// tus 1.0 at `/api/v4/uploads`: creation (with upload, deferred length), HEAD and PATCH, checksum,
/// termination, expiration. Every request but OPTIONS must say `Tus-Resumable: 1.0.0` and carry the
/// bearer token of the caller that created the upload.
struct ResumableUploadController: Sendable {
    static let collectionPath = "/api/v4/uploads"
    let uploads: ResumableUploads
    let publicURL: String

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.on(RouterPath(Self.collectionPath), method: .options) { request, _ in discovery(request) }
        routes.on(RouterPath(Self.collectionPath + "/:uploadId"), method: .options) { request, _ in discovery(request) }
        routes.post(RouterPath(Self.collectionPath)) { request, context in
            try await answering(closing: Self.hasChunk(request)) { () async throws(APIError) in try await create(request, context: context) }
        }
        routes.head(RouterPath(Self.collectionPath + "/:uploadId")) { request, context in
            try await answering { () async throws(APIError) in
                let upload = try await uploads.status(try Self.uploadID(context), by: try context.caller())
                var headers = state(of: upload)
                headers[.cacheControl] = "no-store"
                if let length = upload.length { headers[.uploadLength] = String(length) } else { headers[.uploadDeferLength] = "1" }
                var metadata = upload.fields
                metadata["kind"] = upload.kind
                headers[.uploadMetadata] = TusMetadata.encode(metadata)
                return Response(status: .ok, headers: headers)
            }
        }
        routes.patch(RouterPath(Self.collectionPath + "/:uploadId")) { request, context in
            try await answering(closing: true) { () async throws(APIError) in
                try Self.requireChunk(request)
                let chunk = ResumableChunk(
                    offset: try Self.offset(request), declaredLength: try Self.declaredLength(request),
                    contentLength: request.headers[.contentLength].flatMap(Int64.init), checksum: try Self.checksum(request))
                let upload = try await uploads.append(try Self.uploadID(context), by: try context.caller(), chunk, body: request.body)
                return Response(status: .noContent, headers: state(of: upload))
            }
        }
        routes.delete(RouterPath(Self.collectionPath + "/:uploadId")) { request, context in
            try await answering { () async throws(APIError) in
                try await uploads.terminate(try Self.uploadID(context), by: try context.caller())
                return Response(status: .noContent, headers: [.tusResumable: Tus.version])
            }
        }
        return routes
    }

    /// tus creation: `Upload-Length` (or `Upload-Defer-Length: 1`) and `Upload-Metadata`; with a
    /// chunk body, its first bytes too.
    private func create(_ request: Request, context: KilnRequestContext) async throws(APIError) -> Response {
        let caller = try context.caller()
        let length = try Self.declaredLength(request)
        let deferred = request.headers[.uploadDeferLength]
        if let deferred, deferred != "1" { throw APIError.badRequest("Upload-Defer-Length must be 1") }
        guard (length == nil) != (deferred == nil) else {
            throw APIError.badRequest("a new upload says its Upload-Length, or Upload-Defer-Length: 1, and not both")
        }
        let metadata: [String: String]
        do { metadata = try TusMetadata.parse(request.headers[.uploadMetadata] ?? "") } catch { throw APIError.badRequest(error.description) }
        var fields = metadata.filter { Tus.fieldKeys.contains($0.key) }
        if let filename = metadata["filename"] ?? metadata["name"] { fields["filename"] = filename }
        var upload = try await uploads.create(by: caller, kind: metadata["kind"], length: length, fields: fields)
        if Self.hasChunk(request) {
            try Self.requireChunk(request)
            upload = try await uploads.append(
                upload.id, by: caller,
                ResumableChunk(
                    offset: 0, contentLength: request.headers[.contentLength].flatMap(Int64.init), checksum: try Self.checksum(request)),
                body: request.body)
        }
        var headers = state(of: upload)
        headers[.location] = publicURL + Self.collectionPath + "/" + upload.id.rawValue
        return Response(status: .created, headers: headers)
    }

    /// OPTIONS: what this server speaks; the size limit is the largest kind's, or `?kind=`'s.
    private func discovery(_ request: Request) -> Response {
        let kind = request.uri.queryParameters.get("kind").flatMap(ResumableKind.init(rawValue:))
        let maxSize = kind.map(uploads.maxBytes(of:)) ?? ResumableKind.allCases.map(uploads.maxBytes(of:)).max() ?? 0
        return Response(status: .noContent, headers: [
            .tusResumable: Tus.version, .tusVersion: Tus.version, .tusExtension: Tus.extensions.joined(separator: ","),
            .tusMaxSize: String(maxSize),
            .tusChecksumAlgorithm: ChunkChecksum.Algorithm.allCases.map(\.rawValue).joined(separator: ","),
        ])
    }

    /// Offset, expiry and, once finished, the file.
    private func state(of upload: ResumableUpload) -> HTTPFields {
        var headers: HTTPFields = [
            .tusResumable: Tus.version, .uploadOffset: String(upload.offset), .uploadExpires: HTTPDate.format(upload.expiresAt),
        ]
        if upload.finishedAt != nil { headers[.kilnFileId] = upload.fileId.rawValue }
        return headers
    }

    /// Answers; errors carry `Tus-Resumable` too, and close the connection of a request whose chunk
    /// may be left unread, which would otherwise be read to its end first.
    private func answering(closing: Bool = false, _ body: () async throws(APIError) -> Response) async throws(APIError) -> Response {
        do {
            return try await body()
        } catch {
            var error = closing ? error.closingConnection() : error
            error.extraHeaders[.tusResumable] = Tus.version
            throw error
        }
    }

    /// A creation request that carries its first chunk (creation-with-upload).
    private static func hasChunk(_ request: Request) -> Bool {
        request.headers[.contentType] != nil
            && (request.headers[.contentLength].flatMap(Int64.init).map { $0 > 0 } ?? (request.headers[.transferEncoding] != nil))
    }

    static func isResumable(_ path: String) -> Bool {
        path == collectionPath || path.hasPrefix(collectionPath + "/")
    }

    private static func uploadID(_ context: KilnRequestContext) throws(APIError) -> ResumableUploadID {
        try context.parameters.identifier("uploadId") { APIError.notFound("no upload \($0)") }
    }

    private static func requireChunk(_ request: Request) throws(APIError) {
        guard request.headers[.contentType]?.lowercased().hasPrefix(Tus.chunkContentType) == true else {
            throw APIError.unsupportedMediaType("a chunk's Content-Type is \(Tus.chunkContentType)").closingConnection()
        }
    }

    private static func offset(_ request: Request) throws(APIError) -> Int64 {
        guard let text = request.headers[.uploadOffset], let offset = Int64(text), offset >= 0 else {
            throw APIError.badRequest("Upload-Offset must be the number of bytes the upload has").closingConnection()
        }
        return offset
    }

    private static func declaredLength(_ request: Request) throws(APIError) -> Int64? {
        guard let text = request.headers[.uploadLength] else { return nil }
        guard let length = Int64(text), length >= 0 else {
            throw APIError.badRequest("Upload-Length must be a number of bytes").closingConnection()
        }
        return length
    }

    private static func checksum(_ request: Request) throws(APIError) -> ChunkChecksum? {
        guard let header = request.headers[.uploadChecksum] else { return nil }
        guard let checksum = ChunkChecksum(header: header) else {
            throw APIError.badRequest(
                "Upload-Checksum is an algorithm (" + ChunkChecksum.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                    + ") and a base64 digest").closingConnection()
        }
        return checksum
    }
}

/// Refuses a tus request of another protocol version before its route runs (412, with the
/// versions Kiln speaks); OPTIONS needs none.
struct TusVersionMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .options, ResumableUploadController.isResumable(request.uri.path),
            request.headers[.tusResumable] != Tus.version
        else { return try await next(request, context) }
        var error = APIError(.preconditionFailed, "this server speaks tus \(Tus.version); send Tus-Resumable: \(Tus.version)")
            .closingConnection()
        error.extraHeaders[.tusResumable] = Tus.version
        error.extraHeaders[.tusVersion] = Tus.version
        throw error
    }
}
