import ArgumentParser
import Hummingbird
import KilnServer
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let configuration = try options.configuration()
        var logger = Logger(label: "kiln")
        logger.logLevel = .info
        let app = try await buildApplication(configuration, logger: logger)
        logger.info("serving \(configuration.publicURL) from \(configuration.dataDirectory)")
        try await app.runService()
    }
}
