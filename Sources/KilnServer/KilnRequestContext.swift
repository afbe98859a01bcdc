import Hummingbird
import KilnDomain
import Logging
import NIOCore

public struct KilnRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware` before any route runs.
    var authentication = Authentication.anonymous

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// JSON bodies (PUT) are small; uploads are streamed and never collected.
    public var maxUploadSize: Int { 64 * 1024 }
}
