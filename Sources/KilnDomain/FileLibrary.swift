import Foundation
import KilnCore
import KilnStorage
import Logging
import NIOCore

/// The file lifecycle behind the HTTP API: store an upload, change it, delete it.
public struct FileLibrary: Sendable {
    let store: any MetadataStore
    let queue: any TranscodeQueue
    public let blobs: any BlobStore
    let deriver: MediaDeriver
    /// The app's upload rules, which every upload is held to.
    public let uploadRules: UploadRulesBook
    /// Image sizes made when asked for.
    public let sizesOnRequest: ImageSizesOnRequest
    let clock: WallClock
    public let logger: Logger

    /// Sniff, classify, derive, commit the bytes, then write the row. The row never exists without its
    /// bytes; bytes whose row could not be written are removed again (or, after a crash, by the start-up
    /// sweep).
    ///
    /// `accessType` overrides the form's; `writeRow`, when given, writes the row in place of the
    /// default (the row, and for a transcoded type its queued job, in one transaction).
    public func store(
        _ received: ReceivedUpload, from uploader: Identity, via endpoint: UploadEndpoint, accessType: AccessType? = nil,
        writeRow: (@Sendable (StoredFile) async throws -> Void)? = nil
    ) async throws(APIError) -> StoredFile {
        try await received.upload.abortingAfterwards { () async throws(APIError) -> StoredFile in
            try await storeOnce(received, from: uploader, via: endpoint, accessType: accessType, writeRow: writeRow)
        }
    }

    private func storeOnce(
        _ received: ReceivedUpload, from uploader: Identity, via endpoint: UploadEndpoint, accessType: AccessType?,
        writeRow: (@Sendable (StoredFile) async throws -> Void)?
    ) async throws(APIError) -> StoredFile {
        let form: UploadForm
        do { form = try UploadForm(fields: received.fields) } catch { throw APIError.badRequest(error.message) }
        let sniffed = MediaSniffer.sniff(received.head)
        if let refusal = try await uploadRules.current().rule(for: endpoint).refusal(
            claimedName: received.clientFileName, sniffed: sniffed, size: received.size)
        {
            throw refusal
        }
        let derived = try await deriver.derive(
            from: received.upload.localPath, sniffed: sniffed, endpoint: endpoint, fullImage: form.fullImage)
        let now = clock.now()
        // The upload began under its file's id.
        let file = StoredFile(
            id: received.upload.key.fileId, uploaderId: uploader.userId, type: derived.type,
            accessType: accessType ?? form.accessType, altText: form.altText, feedType: form.feedType, status: .uploaded,
            name: form.preferredFilename ?? received.clientFileName.map(FileName.sanitized).flatMap { $0.isEmpty ? nil : $0 }
                ?? FileName.fallback,
            fileExtension: sniffed.fileExtension, mimeType: sniffed.mimeType, size: received.size,
            metadata: derived.metadata, variants: derived.variants, createdAt: now, updatedAt: now)
        do {
            try await blobs.commit(received.upload)
            for (name, bytes) in derived.blobs {
                let upload = try blobs.beginUpload(of: BlobKey(fileId: file.id, variant: name))
                try await upload.abortingAfterwards {
                    try await upload.write(ByteBuffer(bytes: bytes))
                    try await blobs.commit(upload)
                }
            }
        } catch {
            await removeBytes(of: file.id)
            throw logger.storageError("cannot store the bytes of \(file.id)", error)
        }
        do {
            // A file that is transcoded gets its job in the same transaction as its row.
            if let writeRow {
                try await writeRow(file)
            } else if file.type.isTranscoded {
                try await queue.insertQueued(file)
            } else {
                try await store.insert(file)
            }
        } catch {
            await removeBytes(of: file.id)
            throw logger.storageError("cannot record \(file.id)", error)
        }
        return file
    }

    public func file(_ id: FileID) async throws(APIError) -> StoredFile {
        let found: StoredFile?
        do { found = try await store.file(id: id) } catch { throw logger.internalError("cannot read \(id)", error) }
        guard let found else { throw APIError.notFound("no file with id \(id)") }
        return found
    }

    public func update(_ id: FileID, by caller: Identity, _ change: @Sendable @escaping (inout StoredFile) throws -> Void)
        async throws(APIError) -> StoredFile
    {
        try Self.requireOwnership(of: try await liveFile(id), by: caller)
        let updated: StoredFile?
        do { updated = try await store.updateFile(id: id, change) } catch { throw logger.internalError("cannot update \(id)", error) }
        guard let updated else { throw APIError.gone("file \(id) has been deleted") }
        return updated
    }

    /// Marks the row deleted first, then removes the bytes: a crash in between leaves bytes that the
    /// start-up sweep removes, never a live row without bytes.
    public func delete(_ id: FileID, by caller: Identity) async throws(APIError) {
        try Self.requireOwnership(of: try await liveFile(id), by: caller)
        do { _ = try await store.markDeleted(id: id) } catch { throw logger.internalError("cannot delete \(id)", error) }
        await removeBytes(of: id)
    }

    public func liveFile(_ id: FileID) async throws(APIError) -> StoredFile {
        let found = try await file(id)
        guard !found.isDeleted else { throw APIError.gone("file \(id) has been deleted") }
        return found
    }

    static func requireOwnership(of file: StoredFile, by caller: Identity) throws(APIError) {
        guard file.isManaged(by: caller) else {
            throw APIError.forbidden("only the uploader or an admin may change file \(file.id)")
        }
    }

    public func removeBytes(of id: FileID) async {
        do {
            try await blobs.deleteAll(of: id)
        } catch {
            logger.error("bytes left for the start-up sweep", metadata: ["fileId": "\(id)", "error": "\(error)"])
        }
    }
}
