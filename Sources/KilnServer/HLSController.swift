import Foundation
import HTTPTypes
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// A video's adaptive HLS tree under `/api/v3/files/{fileId}/hls/`: `master.m3u8`, one
/// `<variant>.m3u8` per rung, and `<attempt>/<variant>/init.mp4` and `<attempt>/<variant>/<n>.m4s`.
/// Playlists are written per request from the file's row, so one that grows while the video is
/// transcoding is always whole, and a network video's playlists hand the request's grant on to every
/// URI in them. Segment names carry their attempt, so they never change and are cached for good.
struct HLSController: Sendable {
    let library: FileLibrary
    let signer: URLSigner
    /// How segments are sent.
    let segments: BlobBody

    static func prefix(of id: FileID) -> String { "/api/v3/files/\(id)/hls/" }
    static func masterPath(of id: FileID) -> String { prefix(of: id) + masterName }
    static let masterName = "master.m3u8"

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        for method in [HTTPRequest.Method.get, .head] {
            // One parameter name at each depth: the router's tree refuses two names for one position.
            routes.on("/api/v3/files/:fileId/hls/:entry", method: method) { request, context in
                try await playlist(request, context: context, sendingBody: method == .get)
            }
            routes.on("/api/v3/files/:fileId/hls/:entry/:variant/:segment", method: method) { request, context in
                try await segment(request, context: context, sendingBody: method == .get)
            }
        }
        return routes
    }

    private func playlist(_ request: Request, context: KilnRequestContext, sendingBody: Bool) async throws -> Response {
        let (file, presentation, grant) = try await stream(request, context: context)
        let name = context.parameters.get("entry") ?? ""
        let text: String?
        if name == Self.masterName {
            text = HLSPlaylist.master(presentation, query: grant)
        } else if name.hasSuffix(".m3u8") {
            text = HLSPlaylist.media(presentation, variant: String(name.dropLast(5)), query: grant)
        } else {
            text = nil
        }
        guard let text else { throw APIError.notFound("file \(file.id) has no HLS playlist \(name)") }
        // A playlist still growing is asked for again every few seconds; a finished one changes
        // only if an operator transcodes the video again.
        let age = presentation.isComplete ? 60 : 1
        let scope = file.accessType == .public ? "public" : "private"
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.apple.mpegurl", .cacheControl: "\(scope), max-age=\(age)",
                .xContentTypeOptions: "nosniff",
            ],
            body: sendingBody
                ? ResponseBody(byteBuffer: ByteBuffer(string: text))
                : ResponseBody(contentLength: text.utf8.count) { writer in try await writer.finish(nil) })
    }

    private func segment(_ request: Request, context: KilnRequestContext, sendingBody: Bool) async throws -> Response {
        let (file, presentation, _) = try await stream(request, context: context)
        let attempt = context.parameters.get("entry") ?? "", variant = context.parameters.get("variant") ?? ""
        let segment = context.parameters.get("segment") ?? ""
        // Only names the row vouches for become blob keys: the current tree, or one it replaced
        // that a viewer may still be playing until the new one completes.
        let trees = [RetiredHLSTree(presentation)] + presentation.retired
        guard let tree = trees.first(where: { $0.attempt == attempt }), tree.variantNames.contains(variant),
            let blob = Self.blobName(segment, attempt: attempt, variant: variant, count: tree.segmentCount)
        else { throw APIError.notFound("file \(file.id) has no HLS segment \(attempt)/\(variant)/\(segment)") }
        let key = BlobKey(fileId: file.id, variant: blob)
        guard let size = try await library.blobs.size(of: key) else {
            throw APIError.notFound("file \(file.id) has no HLS segment \(attempt)/\(variant)/\(segment)")
        }
        var headers: HTTPFields = [
            .eTag: "\"\(file.id)-\(blob)\"", .cacheControl: DownloadPolicy.cacheControl(for: file.accessType),
            .xContentTypeOptions: "nosniff",
        ]
        if request.isNotModified(etag: headers[.eTag]!, lastModified: nil) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "video/mp4"
        headers[.contentLength] = String(size)
        return Response(
            status: .ok, headers: headers,
            body: try await segments.make(key, range: nil, length: size, sendingBody, context: context))
    }

    /// The file, its ladder, and the grant to hand on (when a signature let the request in).
    private func stream(_ request: Request, context: KilnRequestContext) async throws
        -> (StoredFile, HLSPresentation, String?)
    {
        let file = try await library.liveFile(try context.parameters.fileID())
        var grant: String?
        if file.accessType == .network,
            try context.requireTokenOrTreeSignature(below: Self.prefix(of: file.id), of: request, signer: signer)
        {
            let query = SignedQuery(request.uri.query)
            grant = query.expiry.flatMap { expiry in query.signature.map { "exp=\(expiry)&sig=\($0)" } }
        }
        guard let presentation = Self.playable(file) else {
            throw APIError.notFound("file \(file.id) has no HLS stream (status: \(file.status.rawValue))")
        }
        return (file, presentation, grant)
    }

    /// Whether a player may be given the file's ladder: a video or clip's, with segments, while it is
    /// transcoding or once done.
    static func offersHLS(_ file: StoredFile) -> Bool {
        (file.type == .video || file.type == .clip) && (file.status == .transcoding || file.status == .transcoded)
            && file.hasPlayableHLS
    }

    static func playable(_ file: StoredFile) -> HLSPresentation? {
        offersHLS(file) ? file.hls : nil
    }

    private static func blobName(_ segment: String, attempt: String, variant: String, count: Int) -> String? {
        if segment == "init.mp4" { return HLSBlobName.initialization(attempt: attempt, variant: variant) }
        guard segment.hasSuffix(".m4s") else { return nil }
        let number = segment.dropLast(4)
        guard !number.isEmpty, number.count <= 9, number.allSatisfy(\.isASCIIDigit), let index = Int(number), index < count,
            String(index) == number
        else { return nil }
        return HLSBlobName.segment(attempt: attempt, variant: variant, index: index)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
