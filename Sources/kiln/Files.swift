import ArgumentParser
import KilnCore
import KilnDomain
import KilnServer
import Logging

struct Files: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect stored files.", subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print matching file objects, one JSON line each.")

        @OptionGroup var options: CommonOptions

        @Option(help: "uploaded, transcoding, transcoded or transcodeFailed.")
        var status: String?

        @Option(help: "image, file, video, audio or clip.")
        var type: String?

        func run() async throws {
            let status = try status.map { text in
                guard let value = FileStatus(rawValue: text) else {
                    throw ValidationError("--status must be one of: \(FileStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            let type = try type.map { text in
                guard let value = FileType(rawValue: text) else {
                    throw ValidationError("--type must be one of: \(FileType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return value
            }
            let catalog = try await FileCatalog(try options.configuration(), logger: Logger(label: "kiln"))
            try await catalog.whileConnected { catalog in
                try await catalog.listJSONLines(status: status, type: type) { print($0) }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one file object as JSON.")

        @OptionGroup var options: CommonOptions

        @Argument(help: "The fileId.")
        var fileId: String

        func run() async throws {
            guard let id = FileID(rawValue: fileId) else { throw ValidationError("'\(fileId)' is not a file id") }
            let catalog = try await FileCatalog(try options.configuration(), logger: Logger(label: "kiln"))
            guard let json = try await catalog.whileConnected({ try await $0.showJSON(id) }) else {
                throw ValidationError("no file with id \(id)")
            }
            print(json)
        }
    }
}
