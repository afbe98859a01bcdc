import Hummingbird
import KilnDomain
import Logging
import NIOCore

public struct KilnRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` before any route runs.
    var authentication = Authentication.anonymous
    /// The connection, for sends that go below Hummingbird's body writer.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// JSON bodies (PUT) are small; uploads are streamed and never collected.
    public var maxUploadSize: Int { 64 * 1024 }
}
