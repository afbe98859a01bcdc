import Foundation
import KilnCore

/// Everything `buildApplication` needs to serve; `kiln serve` fills it from flags and the environment.
public struct KilnConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    /// Base of every URL Kiln hands out (`fileUrl`, `signedUrl`), e.g. behind a proxy.
    public var publicURL: String
    public var jwtSecret: JWTSecret
    public var signedURLLifetime: Duration
    public var limits: UploadLimits

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String, publicURL: String? = nil,
        jwtSecret: JWTSecret, signedURLLifetime: Duration = .seconds(3600), limits: UploadLimits = .default
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.publicURL = (publicURL ?? "http://\(host):\(port)").trimmingTrailingSlashes()
        self.jwtSecret = jwtSecret
        self.signedURLLifetime = signedURLLifetime
        self.limits = limits
    }

    var databasePath: String { dataDirectory + "/kiln.sqlite" }
    var blobFolder: String { dataDirectory + "/blobs" }
}

extension String {
    func trimmingTrailingSlashes() -> String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
