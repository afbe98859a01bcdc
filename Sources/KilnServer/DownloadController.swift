import Foundation
import HTTPTypes
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// `GET /api/v3/files/{fileId}/download`: the bytes, with caching, conditional and range support;
/// or, with `redirects` on a store that can, a 302 to the store itself.
struct DownloadController: Sendable {
    let library: FileLibrary
    let signer: URLSigner
    /// Answer with a presigned URL of the object store instead of passing the bytes through.
    var redirects = false
    /// How the bytes are sent when they are.
    let bodies: BlobBody

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.get("/api/v3/files/:fileId/download") { request, context in
            try await download(request, context: context, sendingBody: true)
        }
        routes.head("/api/v3/files/:fileId/download") { request, context in
            try await download(request, context: context, sendingBody: false)
        }
        return routes
    }

    private func download(_ request: Request, context: KilnRequestContext, sendingBody: Bool) async throws -> Response {
        let file = try await library.liveFile(try context.parameters.fileID())
        var presentedUntil: Date?
        if file.accessType == .network {
            presentedUntil = try context.requireTokenOrSignature(
                over: FilePresenter.downloadPath(of: file.id), of: request, signer: signer)
        }
        let (key, mimeType, size) = try await representation(of: file, query: request.uri.queryParameters)
        var headers = representationHeaders(of: file, key: key)
        if request.isNotModified(etag: headers[.eTag]!, lastModified: file.createdAt) {
            return Response(status: .notModified, headers: headers)
        }
        let disposition = DownloadPolicy.contentDisposition(mimeType: mimeType, fileName: file.name)
        // A presigned URL is signed for GET; a HEAD is answered here.
        if redirects, sendingBody,
            let answer = redirect(to: key, mimeType: mimeType, disposition: disposition, until: presentedUntil)
        {
            return answer
        }
        headers[.contentType] = mimeType
        headers[.contentDisposition] = disposition
        switch RangeRequest(header: request.headers[.range], size: size) {
        case .whole:
            headers[.contentLength] = String(size)
            return Response(status: .ok, headers: headers, body: try await bodies.make(key, range: nil, length: size, sendingBody, context: context))
        case .partial(let range):
            let length = range.upperBound - range.lowerBound + 1
            headers[.contentLength] = String(length)
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            return Response(status: .partialContent, headers: headers, body: try await bodies.make(key, range: range, length: length, sendingBody, context: context))
        case .unsatisfiable:
            var error = APIError(.rangeNotSatisfiable, "range is outside the \(size)-byte file")
            error.extraHeaders = [.contentRange: "bytes */\(size)", .acceptRanges: "bytes"]
            throw error
        }
    }

    /// A 302 to the store's own URL of the object, valid no longer than the token or signed link the
    /// request came with, and never longer than a signed link Kiln would make now.
    private func redirect(to key: BlobKey, mimeType: String, disposition: String, until presented: Date?) -> Response? {
        let longest = signer.clock.now().addingTimeInterval(signer.lifetime.seconds)
        let expiresAt = min(presented ?? longest, longest)
        guard let url = library.blobs.directURL(for: key, expiresAt: expiresAt, contentType: mimeType, contentDisposition: disposition)
        else { return nil }
        return Response(status: .found, headers: [.location: url, .cacheControl: "private, no-store"])
    }

    static let imageSizes = ["small", "medium", "large", "full"]

    /// Images are served as one of their processed sizes (`full` by default), never as the uploaded
    /// bytes, which may carry EXIF and GPS. Videos, clips and audio serve the uploaded bytes unless
    /// `resolution` names a rendition (or `size=poster` the poster); plain files as uploaded.
    /// The blob to send, its type and its size, all from the row: nothing is asked of the store
    /// before the bytes are read, and a HEAD or 304 never asks at all.
    private func representation(of file: StoredFile, query: Parameters) async throws(APIError) -> (BlobKey, String, Int64) {
        switch file.type {
        case .image:
            if let asked = try Self.sizeOnRequest(query) {
                guard query["size"] == nil else { throw APIError.badRequest("ask for size or for w and h, not both") }
                let variant = try await library.sizesOnRequest.variant(of: file, asked)
                return (BlobKey(fileId: file.id, variant: variant.blob), variant.mimeType, variant.size)
            }
            let size = query["size"].map(String.init) ?? "full"
            guard Self.imageSizes.contains(size) else {
                throw APIError.badRequest("size must be one of: \(Self.imageSizes.joined(separator: ", "))")
            }
            return try variant(size, of: file, called: "\(size) size")
        case .video, .clip, .audio:
            if let resolution = query["resolution"].map(String.init) {
                guard RenditionLadder.names.contains(resolution) else {
                    throw APIError.badRequest("resolution must be one of: \(RenditionLadder.names.joined(separator: ", "))")
                }
                return try variant(resolution, of: file, called: "\(resolution) rendition")
            }
            if let size = query["size"].map(String.init) {
                guard file.type != .audio else { throw APIError.badRequest("an audio file has no sizes; leave size out") }
                guard size == StoredVariant.posterName else {
                    throw APIError.badRequest("size must be \(StoredVariant.posterName) for a \(file.type.rawValue)")
                }
                return try variant(size, of: file, called: "poster")
            }
            return (.original(file.id), file.mimeType, file.size)
        case .file:
            return (.original(file.id), file.mimeType, file.size)
        }
    }

    /// `w`, `h`, `resize` and `crop`, as Stream's image URLs carry them (`ow` and `oh`, the original's
    /// size, are only the client's); nil without `w` and `h`.
    static func sizeOnRequest(_ query: Parameters) throws(APIError) -> ImageSizeRequest? {
        do throws(RuleViolation) {
            return try ImageSizeRequest(
                w: query["w"].map(String.init), h: query["h"].map(String.init), resize: query["resize"].map(String.init),
                crop: query["crop"].map(String.init))
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    private func variant(_ name: String, of file: StoredFile, called description: String) throws(APIError)
        -> (BlobKey, String, Int64)
    {
        guard let variant = file.variants[name] else {
            let state = file.type.isTranscoded ? " (status: \(file.status.rawValue))" : ""
            throw APIError.notFound("file \(file.id) has no \(description)\(state)")
        }
        return (BlobKey(fileId: file.id, variant: variant.blob), variant.mimeType, variant.size)
    }

    private func representationHeaders(of file: StoredFile, key: BlobKey) -> HTTPFields {
        [
            .eTag: "\"\(key.fileId)-\(key.variant)\"",
            .lastModified: HTTPDate.format(file.createdAt),
            .cacheControl: DownloadPolicy.cacheControl(for: file.accessType),
            .acceptRanges: "bytes",
            .xContentTypeOptions: "nosniff",
        ]
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
}
