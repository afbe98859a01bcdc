import Foundation
import KilnCore
import KilnDecoding
import KilnImaging
import KilnStorage
import Logging

/// The domain of one Kiln process: the stores, the file and room libraries the API serves, and the
/// transcoding workers when its role transcodes.
public struct KilnServices: Sendable {
    public let stores: Stores
    public let blobs: any BlobStore
    public let library: FileLibrary
    public let rooms: RoomLibrary
    /// Per-user upload limits.
    public let fairUse: FairUse
    /// tus uploads, from creation to the file they become.
    public let resumables: ResumableUploads
    /// Nil on an `api` node, which never transcodes.
    public let transcoder: TranscodeService?
    let sweepGrace: Duration
    let logger: Logger

    /// Opens the database (bringing its schema up to date) and the blob store. A database that
    /// cannot be reached fails here, with where and why.
    public static func open(_ configuration: KilnConfiguration, logger: Logger) async throws -> KilnServices {
        try configuration.sandbox.checkRunnable()
        try PrivateFiles.createFolder(configuration.dataDirectory)
        let stores = try await configuration.openStores(logger: logger)
        logger.info("metadata in \(stores.engine)", metadata: ["role": "\(configuration.role.rawValue)"])
        let blobs = try await configuration.openBlobStore()
        let decoder = MediaDecoder(
            settings: configuration.sandbox, inspectionThreads: configuration.mediaWork.workers,
            inspectionQueueLimit: configuration.mediaWork.queueLimit, transcodeThreads: configuration.transcoding.workers,
            logger: logger)
        let images = try ImageProcessor(
            maxPixels: configuration.limits.maxImagePixels, concurrency: configuration.imageWork.workers,
            queueLimit: configuration.imageWork.queueLimit, runner: decoder.imagePipelineRunner)
        let media = MediaInspector(images: images, decoder: decoder, logger: logger)
        let deriver = MediaDeriver(images: images, media: media, limits: configuration.limits, logger: logger)
        let library = FileLibrary(
            store: stores.files, queue: stores.queue, blobs: blobs, deriver: deriver,
            uploadRules: UploadRulesBook(settings: stores.settings, logger: logger),
            sizesOnRequest: ImageSizesOnRequest(store: stores.files, locks: stores.locks, blobs: blobs, images: images, logger: logger),
            clock: configuration.clock, logger: logger)
        let fairUse = FairUse(limits: configuration.fairUse, store: stores.files, clock: configuration.clock, logger: logger)
        return KilnServices(
            stores: stores,
            blobs: blobs,
            library: library,
            rooms: RoomLibrary(rooms: stores.rooms, files: library, clock: configuration.clock, logger: logger),
            fairUse: fairUse,
            resumables: ResumableUploads(
                store: stores.resumables, library: library, fairUse: fairUse, limits: configuration.limits,
                settings: configuration.resumable, clock: configuration.clock, logger: logger),
            transcoder: configuration.role.transcodes
                ? TranscodeService(
                    queue: stores.queue,
                    pipeline: TranscodePipeline(blobs: blobs, media: media),
                    settings: configuration.transcoding, logger: logger)
                : nil,
            sweepGrace: configuration.sweepGrace,
            logger: logger)
    }

    /// Removes what a crash left behind: unfinished uploads and bytes without a live row, once
    /// they have been quiet for the grace period, so another node's upload in flight or bytes whose
    /// row is about to be written are never taken for leftovers. A failure is logged, not fatal:
    /// the next start sweeps again.
    public func sweepLeftovers() async {
        do {
            let files = stores.files, resumables = resumables
            await resumables.sweepExpired()
            // A live tus upload's bytes have no file row yet.
            let report = try await blobs.sweep(sparingWritesWithin: sweepGrace) { ids in
                try await files.liveFileIDs(among: ids).union(resumables.resumingFileIDs(among: ids))
            }
            if report.temporaryFilesRemoved + report.orphanedFilesRemoved > 0 {
                logger.notice(
                    "start-up sweep",
                    metadata: [
                        "temporaryFilesRemoved": "\(report.temporaryFilesRemoved)",
                        "orphanedFilesRemoved": "\(report.orphanedFilesRemoved)",
                        "recentFilesSpared": "\(report.recentFilesSpared)",
                    ])
            }
        } catch {
            logger.error("start-up sweep failed", metadata: ["error": "\(error)"])
        }
    }
}
