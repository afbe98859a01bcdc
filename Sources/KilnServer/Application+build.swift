import Foundation
import Hummingbird
import HummingbirdCore
import KilnCore
import KilnImaging
import KilnStorage
import Logging

/// The one seam between configuration and a runnable server; tests drive what it returns.
public func buildApplication(_ configuration: KilnConfiguration, logger: Logger? = nil) async throws
    -> some ApplicationProtocol
{
    let logger = logger ?? Logger(label: "kiln")
    let services = try await KilnServices.open(configuration, logger: logger)

    let router = Router(context: KilnRequestContext.self)
    router.add(middleware: JSONErrorMiddleware())
    router.addRoutes(HealthController(store: services.store).routes)
    router.addRoutes(
        FileController(
            library: services.library, presenter: services.presenter, authenticator: services.authenticator,
            limits: configuration.limits
        ).routes)
    router.addRoutes(
        OperatorController(
            store: services.store, queue: services.queue, presenter: services.presenter,
            authenticator: services.authenticator, clock: configuration.clock
        ).routes)
    router.addRoutes(DownloadController(library: services.library, authenticator: services.authenticator).routes)
    router.addRoutes(
        RoomController(
            rooms: RoomLibrary(rooms: services.rooms, files: services.library, clock: configuration.clock, logger: logger),
            presenter: RoomPresenter(files: services.presenter), authenticator: services.authenticator,
            limits: configuration.limits
        ).routes)

    return Application(
        router: router,
        server: .http1(configuration: configuration.connections.http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kiln"),
        services: [services.transcoder],
        logger: logger)
}

extension ConnectionLimits {
    var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [MalformedRequestHandler(), CloseAfterResponseHandler(), ExpectContinueHandler()],
            idleTimeout: .nanoseconds(Int64(idleTimeout.seconds * 1e9)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes))
    }
}

/// The stores and helpers one Kiln process shares between its routes and its command-line tools.
struct KilnServices: Sendable {
    let store: any MetadataStore
    let queue: any TranscodeQueue
    let rooms: any RoomStore
    let library: FileLibrary
    let transcoder: TranscodeService
    let presenter: FilePresenter
    let authenticator: RequestAuthenticator

    /// Opens the database and blob store and sweeps what an earlier crash may have left behind, so
    /// nothing is served until storage is consistent.
    static func open(_ configuration: KilnConfiguration, logger: Logger) async throws -> KilnServices {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let database = try AppDatabase.open(path: configuration.databasePath)
        let blobs = try FileSystemBlobStore(root: configuration.blobFolder)
        let sweep = try await blobs.sweep { ids in try await database.liveFileIDs(among: ids) }
        if sweep != SweepReport() {
            logger.notice(
                "start-up sweep",
                metadata: [
                    "temporaryFilesRemoved": "\(sweep.temporaryFilesRemoved)",
                    "orphanedFilesRemoved": "\(sweep.orphanedFilesRemoved)",
                ])
        }
        let signer = URLSigner(secret: configuration.jwtSecret, lifetime: configuration.signedURLLifetime, clock: configuration.clock)
        let images = try ImageProcessor(
            maxPixels: configuration.limits.maxImagePixels, concurrency: configuration.imageWork.workers,
            queueLimit: configuration.imageWork.queueLimit)
        let media = MediaInspector(images: images, logger: logger)
        let deriver = MediaDeriver(images: images, media: media, limits: configuration.limits, logger: logger)
        return KilnServices(
            store: database,
            queue: database,
            rooms: database,
            library: FileLibrary(
                store: database, queue: database, blobs: blobs, deriver: deriver, clock: configuration.clock, logger: logger),
            transcoder: TranscodeService(
                queue: database,
                pipeline: TranscodePipeline(blobs: blobs, media: media, workers: configuration.transcoding.workers),
                settings: configuration.transcoding, clock: configuration.clock, logger: logger),
            presenter: FilePresenter(publicURL: configuration.publicURL, signer: signer),
            authenticator: RequestAuthenticator(tokens: await TokenAuthority(secret: configuration.jwtSecret, clock: configuration.clock), signer: signer))
    }
}
