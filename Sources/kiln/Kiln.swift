import ArgumentParser

@main
struct Kiln: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Kiln, a media file service.",
        subcommands: [Serve.self, Migrate.self, Move.self, Token.self, Files.self, Transcode.self, Probe.self])
}
