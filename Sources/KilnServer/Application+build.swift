import Foundation
import Hummingbird
import HummingbirdCore
import KilnCore
import KilnImaging
import KilnStorage
import Logging
import ServiceLifecycle

/// The one seam between configuration and a runnable server; tests drive what it returns. An `api`
/// or `all` node serves the HTTP API; a `worker` node builds no router and answers only `/healthz`.
public func buildApplication(_ configuration: KilnConfiguration, logger: Logger? = nil) async throws
    -> any ApplicationProtocol
{
    let logger = logger ?? Logger(label: "kiln")
    let services = try await KilnServices.open(configuration, logger: logger)
    let health = HealthCheck(store: services.stores.files)
    var background = services.stores.services
    if configuration.role.transcodes { background.append(services.transcoder) }
    let serverConfiguration = ApplicationConfiguration(
        address: .hostname(configuration.host, port: configuration.port), serverName: "kiln")

    guard configuration.role.servesAPI else {
        var app = Application(
            responder: HealthOnlyResponder(health: health), server: .http1(configuration: configuration.connections.http1),
            configuration: serverConfiguration, services: background, logger: logger)
        app.beforeServerStarts { await services.sweepLeftovers() }
        return app
    }

    let router = Router(context: KilnRequestContext.self)
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: AuthenticationMiddleware(tokens: services.tokens))
    router.addRoutes(HealthController(health: health).routes)
    router.addRoutes(
        FileController(library: services.library, presenter: services.presenter, limits: configuration.limits).routes)
    router.addRoutes(
        OperatorController(
            store: services.stores.files, queue: services.stores.queue, presenter: services.presenter
        ).routes)
    router.addRoutes(DownloadController(library: services.library, signer: services.signer).routes)
    router.addRoutes(
        RoomController(
            rooms: RoomLibrary(rooms: services.stores.rooms, files: services.library, clock: configuration.clock, logger: logger),
            presenter: RoomPresenter(files: services.presenter), signer: services.signer, limits: configuration.limits
        ).routes)

    var app = Application(
        router: router, server: .http1(configuration: configuration.connections.http1), configuration: serverConfiguration,
        services: background, logger: logger)
    app.beforeServerStarts { await services.sweepLeftovers() }
    return app
}

extension ConnectionLimits {
    var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            additionalChannelHandlers: [MalformedRequestHandler(), CloseAfterResponseHandler(), ExpectContinueHandler()],
            idleTimeout: .nanoseconds(Int64(idleTimeout.seconds * 1e9)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes))
    }
}

/// The stores and helpers one Kiln process shares between its routes, its workers and its
/// command-line tools.
struct KilnServices: Sendable {
    let stores: Stores
    let blobs: any BlobStore
    let library: FileLibrary
    let transcoder: TranscodeService
    let presenter: FilePresenter
    let tokens: TokenAuthority
    let signer: URLSigner
    let sweepGrace: Duration
    let logger: Logger

    /// Opens the database (bringing its schema up to date) and the blob store. A database that
    /// cannot be reached fails here, with where and why.
    static func open(_ configuration: KilnConfiguration, logger: Logger) async throws -> KilnServices {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let stores = try await Stores.open(
            databaseURL: configuration.databaseURL, sqlitePath: configuration.databasePath, clock: configuration.clock,
            logger: logger)
        logger.info("metadata in \(stores.engine)", metadata: ["role": "\(configuration.role.rawValue)"])
        let blobs = try FileSystemBlobStore(root: configuration.blobFolder)
        let signer = URLSigner(secret: configuration.jwtSecret, lifetime: configuration.signedURLLifetime, clock: configuration.clock)
        let images = try ImageProcessor(
            maxPixels: configuration.limits.maxImagePixels, concurrency: configuration.imageWork.workers,
            queueLimit: configuration.imageWork.queueLimit)
        let media = MediaInspector(images: images, logger: logger)
        let deriver = MediaDeriver(images: images, media: media, limits: configuration.limits, logger: logger)
        return KilnServices(
            stores: stores,
            blobs: blobs,
            library: FileLibrary(
                store: stores.files, queue: stores.queue, blobs: blobs, deriver: deriver, clock: configuration.clock,
                logger: logger),
            transcoder: TranscodeService(
                queue: stores.queue,
                pipeline: TranscodePipeline(blobs: blobs, media: media, workers: configuration.transcoding.workers),
                settings: configuration.transcoding, logger: logger),
            presenter: FilePresenter(publicURL: configuration.publicURL, signer: signer),
            tokens: await TokenAuthority(secret: configuration.jwtSecret, clock: configuration.clock),
            signer: signer,
            sweepGrace: configuration.sweepGrace,
            logger: logger)
    }

    /// Removes what a crash left behind: unfinished uploads and bytes without a live row, once
    /// they have been quiet for the grace period, so another node's upload in flight or bytes whose
    /// row is about to be written are never taken for leftovers. A failure is logged, not fatal:
    /// the next start sweeps again.
    func sweepLeftovers() async {
        do {
            let files = stores.files
            let report = try await blobs.sweep(sparingWritesWithin: sweepGrace) { ids in try await files.liveFileIDs(among: ids) }
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
