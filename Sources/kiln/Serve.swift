import ArgumentParser
import Foundation
import Hummingbird
import KilnDomain
import KilnServer
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a Kiln node.")

    @OptionGroup var options: CommonOptions

    @Option(help: "all (API and transcoding), api (never transcodes) or worker (transcodes; serves only /healthz) (env KILN_ROLE).")
    var role: String?

    func run() async throws {
        var configuration = try options.configuration()
        let roleName = role ?? ProcessInfo.processInfo.environment["KILN_ROLE"] ?? NodeRole.all.rawValue
        guard let role = NodeRole(rawValue: roleName) else {
            throw ValidationError("--role must be one of: \(NodeRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        configuration.role = role
        let environment = ProcessInfo.processInfo.environment
        guard let format = LogFormat(rawValue: environment["KILN_LOG_FORMAT"] ?? "text") else {
            throw ValidationError("KILN_LOG_FORMAT must be one of: \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let level = Logger.Level(rawValue: environment["KILN_LOG_LEVEL"] ?? "info") else {
            throw ValidationError("KILN_LOG_LEVEL must be one of: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        format.bootstrap(level: level)
        let logger = Logger(label: "kiln")
        let app = try await buildApplication(configuration, logger: logger)
        logger.info("\(role.rawValue) node on \(configuration.publicURL) with blobs in \(configuration.dataDirectory)")
        try await app.runService()
    }
}
