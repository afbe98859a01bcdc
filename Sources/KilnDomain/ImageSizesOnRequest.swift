import KilnCore
import KilnImaging
import KilnStorage
import Logging
import NIOCore
import Synchronization

/// Sizes of stored images made when first asked for (`w`, `h`, `resize`, `crop`) or at upload
/// (Stream's `upload_sizes`): made once from the original's bytes through the image workers, kept as
/// a derived blob and a variant of the file's row (on either store), and served from there after.
public final class ImageSizesOnRequest: Sendable {
    /// Distinct sizes one image may have made on request: past it, a clear 400, never unbounded
    /// work or storage.
    public static let maxSizesPerImage = 16

    let store: any MetadataStore
    let locks: any WorkLocks
    let blobs: any BlobStore
    let images: ImageProcessor
    let logger: Logger
    /// Sizes being made on this node, so requests for one at once make it once.
    private let making = Mutex<[String: Task<StoredVariant, any Error>]>([:])

    public init(store: any MetadataStore, locks: any WorkLocks, blobs: any BlobStore, images: ImageProcessor, logger: Logger) {
        self.store = store
        self.locks = locks
        self.blobs = blobs
        self.images = images
        self.logger = logger
    }

    /// The variant of `file` at `request`'s size, made now unless it was before.
    public func variant(of file: StoredFile, _ request: ImageSizeRequest) async throws(APIError) -> StoredVariant {
        let name = request.variantName
        if let made = file.variants[name] { return made }
        guard file.type == .image else { throw APIError.badRequest("only an image has sizes on request (w, h, resize, crop)") }
        guard file.metadata["frames"] == nil else {
            throw APIError.badRequest(
                "an animated image is served at its own sizes (size=small, medium, large or full), not resized on request")
        }
        try Self.checkRoom(for: file)
        let key = "\(file.id)/\(name)"
        let task = making.withLock { running in
            if let task = running[key] { return task }
            let task = Task { try await self.make(request, of: file) }
            running[key] = task
            return task
        }
        defer { _ = making.withLock { $0.removeValue(forKey: key) } }
        do {
            return try await task.value
        } catch let refusal as APIError {
            throw refusal
        } catch is ImageWorkersBusy {
            throw APIError.imageWorkersBusy
        } catch let rejection as ImageRejection {
            throw APIError.unprocessable(rejection.clientMessage)
        } catch {
            throw logger.storageError("cannot make size \(name) of \(file.id)", error)
        }
    }

    static func sizesMadeOnRequest(of file: StoredFile) -> Int {
        file.variants.keys.filter(ImageSizeRequest.isVariantName).count
    }

    private static func checkRoom(for file: StoredFile) throws(APIError) {
        guard sizesMadeOnRequest(of: file) < maxSizesPerImage else {
            throw APIError.badRequest(
                "file \(file.id) has \(maxSizesPerImage) sizes made on request, the most an image may have; ask for one of them "
                    + "or for size=small, medium, large or full")
        }
    }

    /// One node at a time makes a size: the others wait, then find it made.
    private func make(_ request: ImageSizeRequest, of file: StoredFile) async throws -> StoredVariant {
        try await locks.exclusively("image-size \(file.id) \(request.variantName)") {
            if let made = try await self.store.file(id: file.id)?.variants[request.variantName] { return made }
            return try await self.makeNow(request, of: file)
        }
    }

    /// Resize the original, store the blob, then add the variant to the row, where the cap is
    /// checked again against what other nodes made meanwhile.
    private func makeNow(_ request: ImageSizeRequest, of file: StoredFile) async throws -> StoredVariant {
        let name = request.variantName
        let made = try await blobs.withLocalCopy(of: .original(file.id)) { path in
            try await self.images.resize(path: path, mimeType: file.mimeType, to: request)
        }
        let upload = try blobs.beginUpload(of: BlobKey(fileId: file.id, variant: name))
        try await upload.abortingAfterwards {
            try await upload.write(ByteBuffer(bytes: made.bytes))
            try await blobs.commit(upload)
        }
        let variant = StoredVariant(blob: name, mimeType: made.mimeType, width: made.width, height: made.height, size: Int64(made.bytes.count))
        do {
            try await store.updateFile(id: file.id) { row in
                guard !row.isDeleted else { throw APIError.gone("file \(file.id) has been deleted") }
                guard row.variants[name] == nil else { return }
                try Self.checkRoom(for: row)
                row.variants[name] = variant
            }
        } catch {
            try? await blobs.delete(BlobKey(fileId: file.id, variant: name))
            throw error
        }
        return variant
    }
}
