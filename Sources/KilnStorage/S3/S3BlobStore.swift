#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AsyncHTTPClient
import Foundation
import KilnCore
import NIOCore

/// Blobs as objects `<prefix><fileId>/<variant>` in an S3-compatible bucket, so every node of a
/// cluster reads what any node wrote. Uploads stream up as multipart uploads (`S3Upload`);
/// decoders get scratch copies; downloads stream ranges through, or go straight to the store with
/// a presigned URL.
public final class S3BlobStore: BlobStore {
    let client: S3Client
    let scratch: ScratchSpace
    var location: S3Location { client.location }

    /// Checks the bucket answers to these credentials before anything is served: a wrong key, a
    /// missing bucket or an unreachable endpoint is an error that says which.
    public static func open(_ location: S3Location, scratchFolder: String, scratchBytes: Int64, clock: WallClock = .system)
        async throws -> S3BlobStore
    {
        let client = S3Client(location: location, clock: clock)
        let response: HTTPClientResponse
        do {
            response = try await client.send(.HEAD, objectKey: nil, idempotent: true)
        } catch let unavailable as StoreUnavailable {
            throw StoreUnavailable("cannot use bucket \(location.bucket): \(unavailable)", store: .blobStore)
        }
        switch response.status.code {
        case 200: break
        case 403: throw S3ConfigurationError("the object store at \(location.origin) refuses these credentials for bucket \(location.bucket) (403); check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
        case 404: throw S3ConfigurationError("bucket \(location.bucket) does not exist at \(location.origin)")
        default: throw S3ConfigurationError("the object store at \(location.origin) answered \(response.status.code) for bucket \(location.bucket)")
        }
        return S3BlobStore(client: client, scratch: try ScratchSpace(folder: scratchFolder, capacity: scratchBytes))
    }

    private init(client: S3Client, scratch: ScratchSpace) {
        self.client = client
        self.scratch = scratch
    }

    public func checkAnswering() async throws {
        let response = try await client.send(.HEAD, objectKey: nil, idempotent: true)
        guard response.status == .ok else {
            throw StoreUnavailable("bucket \(location.bucket) answered \(response.status.code)", store: .blobStore)
        }
    }

    func objectKey(_ key: BlobKey) -> String { location.prefix + key.fileId.rawValue + "/" + key.variant }

    /// The blob an object key of the bucket holds, when the key is of Kiln's own shape; nil for
    /// every other object, which belongs to someone else sharing the bucket (or the prefix).
    func blobKey(ofObject objectKey: String) -> BlobKey? {
        guard objectKey.hasPrefix(location.prefix) else { return nil }
        return BlobKey(storedName: objectKey.dropFirst(location.prefix.count))
    }

    public func beginUpload(of key: BlobKey) throws -> any BlobUpload {
        try S3Upload(key: key, objectKey: objectKey(key), client: client, scratch: scratch)
    }

    public func commit(_ upload: any BlobUpload) async throws {
        if let upload = upload as? S3Upload {
            try await upload.complete()
        } else if let upload = upload as? S3ObjectUpload {
            upload.markStored()
        } else {
            throw BlobStoreError("upload \(upload) was not begun by this store")
        }
    }

    public func size(of key: BlobKey) async throws -> Int64? {
        let response = try await client.send(.HEAD, objectKey: objectKey(key), idempotent: true)
        switch response.status.code {
        case 200: return response.headers.first(name: "Content-Length").flatMap(Int64.init)
        case 404: return nil
        default: throw await S3Client.failure(response, doing: "HEAD \(objectKey(key))")
        }
    }

    public func read(_ key: BlobKey, range: ClosedRange<Int64>?) async throws -> BlobReadStream {
        let headers = range.map { [(name: "Range", value: "bytes=\($0.lowerBound)-\($0.upperBound)")] } ?? []
        let response = try await client.send(
            .GET, objectKey: objectKey(key), headers: headers, idempotent: true)
        guard response.status == .ok || response.status == .partialContent else {
            if response.status == .notFound { throw BlobStoreError("no blob \(key)") }
            throw await S3Client.failure(response, doing: "GET \(objectKey(key))")
        }
        let cursor = BodyCursor(response.body)
        return BlobReadStream { { try await cursor.next() } }
    }

    public func withLocalCopy<T: Sendable>(of key: BlobKey, _ body: @Sendable (String) async throws -> T) async throws -> T {
        guard let size = try await size(of: key) else { throw BlobStoreError("no blob \(key)") }
        try await scratch.reserve(size)
        defer { scratch.release(size) }
        let path = scratch.newFilePath(".source")
        defer { unlink(path) }
        let file = try FileDescriptor(opening: path, flags: O_WRONLY | O_CREAT | O_EXCL)
        for try await chunk in try await read(key, range: nil) {
            try await offload { try chunk.withUnsafeReadableBytes { try file.writeAll($0) } }
        }
        return try await body(path)
    }

    /// A presigned GET; the store answers with the type and disposition Kiln would have sent.
    public func directURL(for key: BlobKey, expiresAt: Date, contentType: String, contentDisposition: String) -> String? {
        let seconds = Int(expiresAt.timeIntervalSince(client.clock.now()).rounded(.down))
        let request = SigV4.Request(
            method: "GET", host: location.hostHeader, encodedPath: client.encodedPath(objectKey: objectKey(key)),
            query: [("response-content-type", contentType), ("response-content-disposition", contentDisposition)])
        let (query, _) = client.signer.presignedQuery(request, expires: min(max(seconds, 1), 604_800), at: client.clock.now())
        return location.origin + request.encodedPath + "?" + query
    }

    public func delete(_ key: BlobKey) async throws {
        try await deleteObject(objectKey(key))
    }

    public func deleteAll(of fileId: FileID) async throws {
        for object in try await listObjects(prefix: location.prefix + fileId.rawValue + "/") where blobKey(ofObject: object.key) != nil {
            try await deleteObject(object.key)
        }
    }

    public func sweep(sparingWritesWithin grace: Duration, isLive: @Sendable ([FileID]) async throws -> Set<FileID>)
        async throws -> SweepReport
    {
        let quietSince = client.clock.now().addingTimeInterval(-grace.seconds)
        var report = SweepReport()
        report.temporaryFilesRemoved += scratch.sweep(sparingWritesWithin: grace)
        // Only keys of Kiln's own shape are Kiln's to remove: with no prefix, or a prefix another
        // application writes under too, the listings below hold other people's objects and uploads.
        // Uploads a crash left incomplete cost storage while invisible; a resumable upload's is
        // its bytes so far, kept while the upload is live.
        let pending = try await listMultipartUploads().compactMap { upload in blobKey(ofObject: upload.key).map { (upload, $0.fileId) } }
        let resuming = try await Self.live(among: Array(Set(pending.map(\.1))), isLive)
        for (upload, fileId) in pending where !resuming.contains(fileId) {
            guard upload.initiated < quietSince else {
                report.recentFilesSpared += 1
                continue
            }
            _ = try await client.send(.DELETE, objectKey: upload.key, query: [("uploadId", upload.id)], idempotent: true)
                .body.collect(upTo: 64 * 1024)
            report.temporaryFilesRemoved += 1
        }
        let kilns = try await listObjects(prefix: location.prefix).compactMap { object in
            blobKey(ofObject: object.key).map { (fileId: $0.fileId, object: object) }
        }
        let byFile = Dictionary(grouping: kilns, by: \.fileId).mapValues { $0.map(\.object) }
        let ids = Array(byFile.keys)
        let live = try await Self.live(among: ids, isLive)
        for (fileId, objects) in byFile where !live.contains(fileId) {
            guard objects.allSatisfy({ $0.lastModified < quietSince }) else {
                report.recentFilesSpared += objects.count
                continue
            }
            for object in objects { try await deleteObject(object.key) }
            report.orphanedFilesRemoved += objects.count
        }
        return report
    }

    /// `isLive` asked in batches the database takes in one query.
    private static func live(among ids: [FileID], _ isLive: @Sendable ([FileID]) async throws -> Set<FileID>) async throws
        -> Set<FileID>
    {
        var live = Set<FileID>()
        for start in stride(from: 0, to: ids.count, by: 500) {
            live.formUnion(try await isLive(Array(ids[start..<min(start + 500, ids.count)])))
        }
        return live
    }

    // MARK: - Listing

    struct ListedObject {
        let key: String
        let size: Int64
        let lastModified: Date
    }

    func listObjects(prefix: String) async throws -> [ListedObject] {
        var objects: [ListedObject] = []
        var continuation: String?
        repeat {
            var query = [(name: "list-type", value: "2"), (name: "prefix", value: prefix)]
            if let continuation { query.append(("continuation-token", continuation)) }
            let body = try await listing(query)
            for record in S3XML.records(named: "Contents", fields: ["Key", "Size", "LastModified"], in: body) {
                guard let key = record["Key"] else { continue }
                objects.append(
                    ListedObject(
                        key: key, size: record["Size"].flatMap(Int64.init) ?? 0,
                        lastModified: record["LastModified"].flatMap(Self.date) ?? .distantPast))
            }
            let truncated = S3XML.text(of: "IsTruncated", in: body) == "true"
            continuation = truncated ? S3XML.text(of: "NextContinuationToken", in: body) : nil
        } while continuation != nil
        return objects
    }

    struct PendingUpload {
        let key: String
        let id: String
        let initiated: Date
    }

    func listMultipartUploads() async throws -> [PendingUpload] {
        var uploads: [PendingUpload] = []
        var marker: (key: String, id: String)?
        repeat {
            var query = [(name: "uploads", value: ""), (name: "prefix", value: location.prefix)]
            if let marker { query += [("key-marker", marker.key), ("upload-id-marker", marker.id)] }
            let body = try await listing(query)
            for record in S3XML.records(named: "Upload", fields: ["Key", "UploadId", "Initiated"], in: body) {
                guard let key = record["Key"], let id = record["UploadId"] else { continue }
                uploads.append(PendingUpload(key: key, id: id, initiated: record["Initiated"].flatMap(Self.date) ?? .distantPast))
            }
            let truncated = S3XML.text(of: "IsTruncated", in: body) == "true"
            marker = truncated
                ? S3XML.text(of: "NextKeyMarker", in: body).map { ($0, S3XML.text(of: "NextUploadIdMarker", in: body) ?? "") }
                : nil
        } while marker != nil
        return uploads
    }

    private func listing(_ query: [(name: String, value: String)]) async throws -> Data {
        let response = try await client.send(.GET, objectKey: nil, query: query, idempotent: true)
        guard response.status == .ok else { throw await S3Client.failure(response, doing: "list \(location)") }
        return Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
    }

    func deleteObject(_ objectKey: String) async throws {
        let response = try await client.send(.DELETE, objectKey: objectKey, idempotent: true)
        guard response.status.code < 300 || response.status == .notFound else {
            throw await S3Client.failure(response, doing: "DELETE \(objectKey)")
        }
        await response.discardBody()
    }

    static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// A response body read by one consumer at a time, as `BlobReadStream` reads it; that is what
/// makes the unchecked sendability sound.
private final class BodyCursor: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(_ body: HTTPClientResponse.Body) { iterator = body.makeAsyncIterator() }

    func next() async throws -> ByteBuffer? { try await iterator.next() }
}
