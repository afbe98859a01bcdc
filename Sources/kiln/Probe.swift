import ArgumentParser
import KilnDomain
import KilnServer

struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the attributes Kiln would store for a file.")

    @Argument(help: "A file on this machine.")
    var file: String

    func run() async throws {
        print(try await FileProbe().attributesJSON(of: file))
    }
}
