import ArgumentParser
import KilnDomain
import KilnServer
import Logging

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the database schema up to date, then exit; every node also does so as it starts.")

    @OptionGroup var options: CommonOptions

    func run() async throws {
        var logger = Logger(label: "kiln")
        logger.logLevel = .warning
        print(try await SchemaMigration.apply(try options.configuration(), logger: logger))
    }
}
