import Foundation
import Hummingbird
import HummingbirdCore
import KilnCore
import KilnDomain
import KilnStorage
import Logging
import ServiceLifecycle

/// The one seam between configuration and a runnable server; tests drive what it returns. An `api`
/// or `all` node serves the HTTP API; a `worker` node routes only `/healthz` and `/metrics`.
public func buildApplication(_ configuration: KilnConfiguration, logger: Logger? = nil) async throws
    -> any ApplicationProtocol
{
    let logger = logger ?? Logger(label: "kiln")
    _ = KilnMetrics.registry
    let services = try await KilnServices.open(configuration, logger: logger)
    let health = HealthCheck(store: services.stores.files, blobs: services.blobs)
    let signer = URLSigner(secret: configuration.jwtSecret, lifetime: configuration.signedURLLifetime, clock: configuration.clock)
    let presenter = FilePresenter(publicURL: configuration.publicURL, signer: signer)
    let tokens = await TokenAuthority(secret: configuration.jwtSecret, clock: configuration.clock)
    var background = services.stores.services
    if let transcoder = services.transcoder { background.append(transcoder) }
    background.append(ResumableUploadSweeper(uploads: services.resumables))
    let serverConfiguration = ApplicationConfiguration(
        address: .hostname(configuration.host, port: configuration.port), serverName: "kiln")

    guard configuration.role.servesAPI else {
        let router = Router(context: KilnRequestContext.self)
        router.add(middleware: AccessLogMiddleware(logsRequests: configuration.logsRequests))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: JSONErrorMiddleware(notFound: "a worker node serves only /healthz and /metrics"))
        router.addRoutes(HealthController(health: health).routes)
        router.addRoutes(MetricsController(queue: services.stores.queue).routes)
        var app = Application(
            router: router, server: .http1(configuration: configuration.connections.http1),
            configuration: serverConfiguration, services: background, logger: logger)
        app.beforeServerStarts { await services.sweepLeftovers() }
        return app
    }

    // Every body streamed to a client is under the download floor; from an object store, each kind
    // has its own budget of the store client's connections.
    let watch = SlowReaderWatch(floor: configuration.downloads.floor, clock: configuration.downloadClock)
    background.append(watch)
    let proxiedReads = configuration.blobStore.proxiesReads ? configuration.downloads.proxiedReads : nil
    let intake = UploadIntake(library: services.library, limits: configuration.limits, fairUse: services.fairUse)
    let router = Router(context: KilnRequestContext.self)
    router.add(middleware: AccessLogMiddleware(logsRequests: configuration.logsRequests))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: CORSMiddleware())
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: TusVersionMiddleware())
    router.add(middleware: AuthenticationMiddleware(tokens: tokens))
    router.addRoutes(HealthController(health: health).routes)
    router.addRoutes(MetricsController(queue: services.stores.queue).routes)
    router.addRoutes(OpenAPIController().routes)
    router.addRoutes(try AdminController(publicURL: configuration.publicURL).routes)
    router.addRoutes(
        FileController(library: services.library, presenter: presenter, intake: intake).routes)
    router.addRoutes(ResumableUploadController(uploads: services.resumables, publicURL: configuration.publicURL).routes)
    if let stream = configuration.stream {
        router.addRoutes(
            StreamController(
                authority: await StreamAuthority(credentials: stream, clock: configuration.clock), intake: intake,
                library: services.library, presenter: presenter
            ).routes)
    }
    router.addRoutes(
        OperatorController(
            store: services.stores.files, queue: services.stores.queue, rooms: services.stores.rooms, presenter: presenter
        ).routes)
    router.addRoutes(
        DownloadController(
            library: services.library, signer: signer, redirects: configuration.blobStore.redirectsDownloads,
            bodies: BlobBody(blobs: services.library.blobs, kind: .download, watch: watch, proxiedReads: proxiedReads)
        ).routes)
    router.addRoutes(
        HLSController(
            library: services.library, signer: signer,
            segments: BlobBody(blobs: services.library.blobs, kind: .segment, watch: watch, proxiedReads: proxiedReads)
        ).routes)
    router.addRoutes(
        RoomController(
            rooms: services.rooms,
            presenter: RoomPresenter(files: presenter), signer: signer, limits: configuration.limits
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
            additionalChannelHandlers: [
                MalformedRequestHandler(), CloseAfterResponseHandler(), ExpectContinueHandler(),
                ClientSilenceHandler(timeout: .nanoseconds(idleTimeout.nanoseconds)),
            ],
            // Hummingbird's would count a body Kiln takes slowly as the client's silence.
            idleTimeout: nil,
            httpDecoderConfiguration: .init(maxHeaderFieldSize: maxHeaderBytes, maxHeaderListSize: maxHeaderBytes))
    }
}
