import ArgumentParser
import Foundation
import KilnDomain
import KilnServer
import KilnStorage
import Logging

struct Move: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a single-node library into the stores the environment names (KILN_DATABASE_URL, KILN_BLOB_STORE=s3 …).",
        discussion: """
            Every row and every blob, each blob checked by size and SHA-256. Run it again after an \
            interruption: it finishes the job and copies nothing twice.
            """)

    @Option(help: "The library to move: a data folder of `kiln serve` on SQLite (kiln.sqlite and blobs/).")
    var data: String

    @Flag(help: "Count what would be copied, and copy nothing.")
    var dryRun = false

    func run() async throws {
        var logger = Logger(label: "kiln")
        logger.logLevel = .warning
        // The target is configured as a node is, by the environment; its data folder only holds
        // scratch space and must not be the library's. A fresh private folder, never a name another
        // user of /tmp could have made (or linked elsewhere) ahead of us.
        let scratch = try PrivateFiles.makeTemporaryFolder(prefix: "kiln-move-")
        let target = try CommonOptions.configuration(data: ProcessInfo.processInfo.environment["KILN_DATA"] ?? scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let move = try await LibraryMove.open(library: data, into: target, logger: logger)
        let totals = try await move.whileConnected { move in
            if dryRun { return try await move.survey() }
            let bar = MoveProgressBar()
            let totals = try await move.run { bar.draw($0) }
            bar.finish()
            return totals
        }
        print(Self.summary(totals, dryRun: dryRun))
        if !totals.missing.isEmpty {
            FileHandle.standardError.write(
                Data("bytes missing in the library for: \(totals.missing.map(\.rawValue).joined(separator: " "))\n".utf8))
            throw ExitCode.failure
        }
    }

    static func summary(_ totals: LibraryMove.Totals, dryRun: Bool) -> String {
        let bytes = ByteCountFormatter.string(fromByteCount: totals.bytes, countStyle: .binary)
        if dryRun {
            return "\(totals.files) files (\(totals.alreadyMoved) moved already); to copy: \(totals.files - totals.alreadyMoved) rows, "
                + "\(totals.blobs) blobs, \(bytes), up to \(totals.recordings) room recordings and \(totals.settings) app settings"
        }
        return "\(totals.files) files: \(totals.files - totals.alreadyMoved - totals.missing.count) moved, "
            + "\(totals.alreadyMoved) moved before; \(totals.blobs) blobs copied and \(totals.blobsFoundVerified) found whole "
            + "(\(bytes) checked by SHA-256); \(totals.recordings) room recordings; \(totals.settings) app settings"
    }
}

/// `[#####-----]  50%  1,234/2,468 files  1.2/2.4 GiB` on stderr, redrawn in place on a terminal.
final class MoveProgressBar: @unchecked Sendable {
    private var lastLine = ""
    private let redraws = isatty(STDERR_FILENO) != 0

    func draw(_ progress: LibraryMove.Progress) {
        let fraction = progress.bytes > 0 ? Double(progress.bytesDone) / Double(progress.bytes)
            : progress.files > 0 ? Double(progress.filesDone) / Double(progress.files) : 1
        let filled = Int((fraction * 30).rounded(.down))
        let line = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled) + "] "
            + String(format: "%3d%%", Int(fraction * 100)) + "  \(progress.filesDone)/\(progress.files) files  "
            + ByteCountFormatter.string(fromByteCount: progress.bytesDone, countStyle: .binary) + "/"
            + ByteCountFormatter.string(fromByteCount: progress.bytes, countStyle: .binary)
        guard line != lastLine else { return }
        lastLine = line
        if redraws || progress.filesDone == progress.files {
            FileHandle.standardError.write(Data((redraws ? "\r" + line : line + "\n").utf8))
        }
    }

    func finish() { if redraws { FileHandle.standardError.write(Data("\n".utf8)) } }
}
