import Foundation
import HTTPTypes
import KilnCore
import KilnStorage
import Logging
import NIOCore

/// How long resumable uploads are kept and how their requests take turns.
public struct ResumableSettings: Sendable {
    /// An upload untouched this long is expired and swept (`KILN_TUS_EXPIRY`); every chunk renews it.
    public var expiry: Duration
    /// How long a request's hold on an upload lasts unless renewed: a node that died holding one
    /// frees it this long after.
    public var lease: Duration

    public init(expiry: Duration = .seconds(24 * 60 * 60), lease: Duration = .seconds(10)) {
        self.expiry = expiry
        self.lease = lease
    }
}

/// One PATCH's claim on an upload: where the client says its bytes begin, the length it declares
/// when it deferred it, and how to check them.
public struct ResumableChunk: Sendable {
    public var offset: Int64
    public var declaredLength: Int64?
    public var contentLength: Int64?
    public var checksum: ChunkChecksum?

    public init(offset: Int64, declaredLength: Int64? = nil, contentLength: Int64? = nil, checksum: ChunkChecksum? = nil) {
        self.offset = offset
        self.declaredLength = declaredLength
        self.contentLength = contentLength
        self.checksum = checksum
    }
}

/// Resumable uploads (tus 1.0) from creation to the file they become: bytes gather under the
/// file's id in the blob store, progress is recorded in the metadata store after the bytes are
/// durable, and the finished bytes take exactly the path a multipart upload takes.
public struct ResumableUploads: Sendable {
    let store: any ResumableUploadStore
    let library: FileLibrary
    let fairUse: FairUse
    let limits: UploadLimits
    public let settings: ResumableSettings
    let clock: WallClock
    let logger: Logger

    public init(
        store: any ResumableUploadStore, library: FileLibrary, fairUse: FairUse, limits: UploadLimits,
        settings: ResumableSettings, clock: WallClock, logger: Logger
    ) {
        self.store = store
        self.library = library
        self.fairUse = fairUse
        self.limits = limits
        self.settings = settings
        self.clock = clock
        self.logger = logger
    }

    var blobs: any BlobStore { library.blobs }

    /// The most bytes an upload of `kind` may have (`Tus-Max-Size`).
    public func maxBytes(of kind: ResumableKind) -> Int64 { limits.maxBytes(for: kind.endpoint) }

    // MARK: - Creation

    /// Checks what can be checked before any byte (the kind, the fields, the declared length
    /// against the kind's limit and the caller's quota), then records the upload.
    public func create(by caller: Identity, kind: String?, length: Int64?, fields: [String: String])
        async throws(APIError) -> ResumableUpload
    {
        guard let kind = ResumableKind(rawValue: kind ?? ResumableKind.file.rawValue) else {
            throw APIError.badRequest(
                "kind must be one of " + ResumableKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do { _ = try UploadForm(fields: fields) } catch { throw APIError.badRequest(error.message) }
        if let length {
            guard length >= 0 else { throw APIError.badRequest("Upload-Length must not be negative") }
            try checkLength(length, of: kind)
        }
        let allowance = try await fairUse.admit(caller, declaredBytes: length)
        allowance.end()
        let now = clock.now()
        let upload = ResumableUpload(
            id: .random(), fileId: .random(), ownerId: caller.userId, kind: kind.rawValue, fields: fields, length: length,
            createdAt: now, expiresAt: now.addingTimeInterval(settings.expiry.seconds))
        do { try await store.insertResumable(upload) } catch { throw logger.internalError("cannot record a resumable upload", error) }
        return upload
    }

    // MARK: - Reading

    /// The upload as it stands once no request is working on it. An upload whose bytes are all
    /// there but which is not yet a file (its last request broke off, or its node died, while it
    /// was being stored) is stored now.
    public func status(_ id: ResumableUploadID, by caller: Identity) async throws(APIError) -> ResumableUpload {
        let upload = try await owned(id, by: caller)
        guard upload.finishedAt == nil else { return upload }
        return try await holding(upload) { upload, hold async throws(APIError) in
            guard upload.finishedAt == nil, upload.isComplete else { return upload }
            return try await finish(upload, by: caller, holder: hold.holder)
        }
    }

    // MARK: - Appending

    /// Adds one request's bytes. What arrived is kept even when the request breaks off (unless its
    /// checksum cannot then be checked); the upload's last bytes store it as a file.
    public func append<Body: AsyncSequence & Sendable>(
        _ id: ResumableUploadID, by caller: Identity, _ chunk: ResumableChunk, body: Body
    ) async throws(APIError) -> ResumableUpload where Body.Element == ByteBuffer {
        let found = try await owned(id, by: caller)
        guard found.finishedAt == nil else { throw APIError.conflict("upload \(id) is finished: it is file \(found.fileId)") }
        if let contentLength = chunk.contentLength { try checkRoom(forUploading: contentLength) }
        let allowance = try await fairUse.admit(caller, declaredBytes: chunk.contentLength)
        defer { allowance.end() }
        return try await holding(found) { upload, hold async throws(APIError) in
            var upload = upload
            guard upload.finishedAt == nil else { throw APIError.conflict("upload \(id) is finished: it is file \(upload.fileId)") }
            guard chunk.offset == upload.offset else {
                throw APIError.conflict("Upload-Offset is \(chunk.offset) but the upload has \(upload.offset) bytes")
            }
            upload.length = try settledLength(of: upload, declared: chunk.declaredLength)
            upload = try await receive(body, into: upload, chunk: chunk, allowance: allowance, hold: hold)
            guard upload.isComplete else { return upload }
            return try await finish(upload, by: caller, holder: hold.holder)
        }
    }

    /// Streams the body into the upload's bytes and records how far they came.
    private func receive<Body: AsyncSequence & Sendable>(
        _ body: Body, into upload: ResumableUpload, chunk: ResumableChunk, allowance: UploadAllowance, hold: ResumableHold
    ) async throws(APIError) -> ResumableUpload where Body.Element == ByteBuffer {
        let kind = ResumableKind(rawValue: upload.kind) ?? .file
        let limit = upload.length ?? maxBytes(of: kind)
        if let contentLength = chunk.contentLength, upload.offset + contentLength > limit {
            throw APIError.tooLarge("the chunk would take the upload to \(upload.offset + contentLength) bytes, past its \(limit)")
                .closingConnection()
        }
        let append: any ResumableAppend
        do {
            append = try await blobs.appendResumable(for: upload.fileId, at: ResumableBytes(offset: upload.offset, record: upload.bytesRecord))
        } catch {
            throw logger.storageError("cannot continue upload \(upload.id)", error).closingConnection()
        }
        var digester = chunk.checksum?.digester()
        var head: [UInt8] = []
        var received: Int64 = 0
        var failure: APIError?
        do {
            try await hold.receiving {
            for try await buffer in body {
                received += Int64(buffer.readableBytes)
                if upload.offset + received > limit {
                    throw APIError.tooLarge("the upload is \(limit) bytes; this chunk goes past them").closingConnection()
                }
                try allowance.count(buffer.readableBytes)
                digester?.update(buffer)
                if upload.offset == 0, head.count < MediaSniffer.headLength {
                    head += buffer.readableBytesView.prefix(MediaSniffer.headLength - head.count)
                    if head.count == MediaSniffer.headLength { try await checkFirstBytes(head, of: upload) }
                }
                do { try await append.write(buffer) } catch { throw logger.storageError("cannot keep the bytes of upload \(upload.id)", error) }
                KilnMeasures.received(bytes: buffer.readableBytes)
            }
            }
            if let contentLength = chunk.contentLength, received != contentLength {
                throw APIError.badRequest("the chunk ended after \(received) of its \(contentLength) bytes").closingConnection()
            }
            if upload.offset == 0, !head.isEmpty, head.count < MediaSniffer.headLength, upload.offset + received == upload.length {
                try await checkFirstBytes(head, of: upload)
            }
            if let checksum = chunk.checksum, let digester, digester.digest() != checksum.expected {
                throw APIError(.checksumMismatch, "the chunk's \(checksum.algorithm.rawValue) checksum does not match its bytes")
            }
        } catch let error as APIError {
            failure = error
        } catch {
            // The connection broke off (or the request was asked to stop): what arrived is kept.
            failure = APIError.badRequest("the chunk could not be read to its end").closingConnection()
        }
        let keepsPartialBytes = failure.map { $0.status == .badRequest && chunk.checksum == nil } ?? true
        if let failure, failure.status == .unsupportedMediaType {
            await drop(upload)
            throw failure
        }
        guard keepsPartialBytes else {
            await append.discard()
            throw failure!
        }
        let recorded = try await seal(append, of: upload, holder: hold.holder)
        if let failure { throw failure }
        return recorded
    }

    /// Makes the bytes durable, then records them; a crash in between leaves bytes past the recorded
    /// offset, which the next request drops. Runs to its end even when the request is cancelled.
    private func seal(_ append: any ResumableAppend, of upload: ResumableUpload, holder: String) async throws(APIError)
        -> ResumableUpload
    {
        let store = store, clock = clock, settings = settings
        let result = await Task {
            let final = upload.length == upload.offset + append.bytesWritten
            let bytes = try await append.seal(final: final)
            var recorded = upload
            recorded.offset = bytes.offset
            recorded.bytesRecord = bytes.record
            recorded.expiresAt = clock.now().addingTimeInterval(settings.expiry.seconds)
            guard try await store.recordResumable(recorded, holder: holder) else { throw LostHold() }
            await append.settle()
            return recorded
        }.result
        switch result {
        case .success(let recorded): return recorded
        case .failure(let error as LostHold): throw APIError.conflict("another request took upload \(upload.id) over: \(error)")
        case .failure(let error): throw logger.storageError("cannot keep the bytes of upload \(upload.id)", error).closingConnection()
        }
    }

    // MARK: - The file it becomes

    /// Stores the finished bytes as a multipart upload's are stored; the upload then only answers
    /// for its file. An upload the pipeline refuses is dropped.
    private func finish(_ upload: ResumableUpload, by caller: Identity, holder: String) async throws(APIError) -> ResumableUpload {
        let kind = ResumableKind(rawValue: upload.kind) ?? .file
        let received: ReceivedUpload
        do {
            let blob = try await blobs.finishResumable(for: upload.fileId, ResumableBytes(offset: upload.offset, record: upload.bytesRecord))
            received = ReceivedUpload(
                upload: blob, head: try Self.firstBytes(of: blob.localPath), clientFileName: upload.fields["filename"],
                fields: upload.fields)
        } catch {
            throw logger.storageError("cannot finish upload \(upload.id)", error)
        }
        do throws(APIError) {
            if let refusal = kind.refusal(of: MediaSniffer.sniff(received.head)) { throw refusal }
            if !FairUse.isExempt(caller) { try await fairUse.checkStored(of: caller.userId, adding: received.size) }
            let stored = try await library.store(received, from: caller, via: kind.endpoint)
            KilnMeasures.upload(type: stored.type.rawValue, outcome: "stored")
        } catch {
            await received.upload.abort()
            if error.status.code < 500 { await drop(upload) }
            KilnMeasures.upload(type: kind.endpoint.measuredType, outcome: error.status.code < 500 ? "refused" : "failed")
            throw error
        }
        var finished = upload
        finished.finishedAt = clock.now()
        do {
            _ = try await store.recordResumable(finished, holder: holder)
        } catch {
            // The file is stored; the upload's row only answers late requests, and expires.
            logger.warning("a finished upload is not marked finished", metadata: ["upload": "\(upload.id)", "error": "\(error)"])
        }
        return finished
    }

    // MARK: - Termination and expiry

    /// Drops the upload and everything kept of it (tus termination). A finished upload's file stays.
    public func terminate(_ id: ResumableUploadID, by caller: Identity) async throws(APIError) {
        let found = try await owned(id, by: caller)
        try await holding(found) { upload, _ async throws(APIError) in
            if upload.finishedAt == nil {
                do {
                    try await blobs.dropResumable(for: upload.fileId, ResumableBytes(offset: upload.offset, record: upload.bytesRecord))
                } catch {
                    throw logger.storageError("cannot drop the bytes of upload \(upload.id)", error)
                }
            }
            do { try await store.deleteResumable(upload.id) } catch { throw logger.internalError("cannot drop upload \(upload.id)", error) }
        }
    }

    /// Drops uploads past their expiry, a batch at a time; those whose bytes cannot be dropped now
    /// stay for the next sweep. The count dropped.
    @discardableResult
    public func sweepExpired() async -> Int {
        let batch = 100
        var dropped = 0
        do {
            while true {
                let expired = try await store.expiredResumables(at: clock.now(), limit: batch)
                var droppedNow = 0
                for upload in expired {
                    if upload.finishedAt == nil {
                        do {
                            try await blobs.dropResumable(for: upload.fileId, ResumableBytes(offset: upload.offset, record: upload.bytesRecord))
                        } catch {
                            logger.warning(
                                "an expired upload's bytes are left for the next sweep",
                                metadata: ["upload": "\(upload.id)", "error": "\(error)"])
                            continue
                        }
                    }
                    try await store.deleteResumable(upload.id)
                    droppedNow += 1
                }
                dropped += droppedNow
                guard expired.count == batch, droppedNow > 0 else { break }
            }
        } catch {
            logger.warning("the sweep of expired uploads failed", metadata: ["error": "\(error)"])
        }
        return dropped
    }

    /// The files among `ids` that a live upload is gathering bytes for, which sweeps leave alone.
    public func resumingFileIDs(among ids: [FileID]) async throws -> Set<FileID> {
        try await store.resumingFileIDs(among: ids, at: clock.now())
    }

    // MARK: - Rules

    /// The caller's own upload; another's, or none, is 404 alike, so ids cannot be probed.
    private func owned(_ id: ResumableUploadID, by caller: Identity) async throws(APIError) -> ResumableUpload {
        let found: ResumableUpload?
        do { found = try await store.resumable(id) } catch { throw logger.internalError("cannot read upload \(id)", error) }
        guard let found, found.ownerId == caller.userId else { throw APIError.notFound("no upload \(id)") }
        guard found.finishedAt != nil || found.expiresAt > clock.now() else { throw APIError.gone("upload \(id) has expired") }
        return found
    }

    private func checkLength(_ length: Int64, of kind: ResumableKind) throws(APIError) {
        let max = maxBytes(of: kind)
        guard length <= max else { throw APIError.tooLarge("an upload of kind \(kind.rawValue) may have at most \(max) bytes; this one declares \(length)") }
    }

    private func settledLength(of upload: ResumableUpload, declared: Int64?) throws(APIError) -> Int64? {
        guard let declared else { return upload.length }
        if let length = upload.length {
            guard declared == length else { throw APIError.badRequest("the upload's length is \(length); it cannot change to \(declared)") }
            return length
        }
        guard declared >= upload.offset else {
            throw APIError.badRequest("Upload-Length \(declared) is less than the \(upload.offset) bytes already received")
        }
        try checkLength(declared, of: ResumableKind(rawValue: upload.kind) ?? .file)
        return declared
    }

    private func checkRoom(forUploading bytes: Int64) throws(APIError) {
        do {
            try blobs.checkRoom(forUploading: bytes)
        } catch {
            if error is FreeSpaceFloorReached { KilnMeasures.uploadRefused(by: .dataFreeBytes) }
            throw logger.storageError("no room for the chunk", error).closingConnection()
        }
    }

    /// The kind's and the app's verdict on the first bytes, before the rest are sent: an upload of
    /// the wrong kind is refused at its first chunk, not at its end.
    private func checkFirstBytes(_ head: [UInt8], of upload: ResumableUpload) async throws(APIError) {
        let kind = ResumableKind(rawValue: upload.kind) ?? .file
        let sniffed = MediaSniffer.sniff(head)
        if let refusal = kind.refusal(of: sniffed) { throw refusal }
        let rules = try await library.uploadRules.current()
        if let refusal = rules.rule(for: kind.endpoint).refusal(
            claimedName: upload.fields["filename"], sniffed: sniffed, size: upload.length ?? upload.offset)
        {
            throw refusal
        }
    }

    private func drop(_ upload: ResumableUpload) async {
        try? await blobs.dropResumable(for: upload.fileId, ResumableBytes(offset: upload.offset, record: upload.bytesRecord))
        try? await store.deleteResumable(upload.id)
    }

    private static func firstBytes(of path: String) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: MediaSniffer.headLength) ?? Data())
    }
}

struct LostHold: Error, CustomStringConvertible {
    var description: String { "its lease ran out" }
}

extension HTTPResponse.Status {
    /// tus checksum extension: the chunk's bytes do not match the checksum sent with them.
    public static let checksumMismatch = HTTPResponse.Status(code: 460, reasonPhrase: "Checksum Mismatch")
    public static let locked = HTTPResponse.Status(code: 423, reasonPhrase: "Locked")
}
