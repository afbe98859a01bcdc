import ArgumentParser
import Foundation
import KilnCore
import KilnDomain
import KilnServer
import Logging

struct Transcode: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Operate the transcoding queue.", subcommands: [Retry.self])

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue files for transcoding again; a running `kiln serve` transcodes them.")

        @OptionGroup var options: CommonOptions

        @Argument(help: "The fileIds to retry.")
        var fileIds: [String] = []

        @Flag(help: "Retry every file whose transcode failed.")
        var allFailed = false

        @Flag(help: "Transcode again every video and clip transcoded before Kiln made HLS, so it gains its hlsUrl.")
        var allMissingHls = false

        @Flag(help: "Also restart files still waiting for or in transcoding, and transcode transcoded files again.")
        var force = false

        @Flag(help: "Wait until every file is transcoded or has failed, showing progress.")
        var wait = false

        func validate() throws {
            if [allFailed, allMissingHls, !fileIds.isEmpty].filter({ $0 }).count != 1 {
                throw ValidationError("name the fileIds to retry, or pass --all-failed or --all-missing-hls")
            }
            for text in fileIds where FileID(rawValue: text) == nil { throw ValidationError("'\(text)' is not a file id") }
        }

        func run() async throws {
            let control = try await TranscodeControl(try options.configuration(), logger: Logger(label: "kiln"))
            let (refused, failed) = try await control.whileConnected { control in try await retry(with: control) }
            if refused + failed > 0 { throw ExitCode.failure }
        }

        /// Queues the files again and, with `--wait`, follows them; how many were refused and failed.
        private func retry(with control: TranscodeControl) async throws -> (refused: Int, failed: Int) {
            let ids = allFailed
                ? try await control.failedFileIDs()
                : allMissingHls ? try await control.fileIDsMissingHLS() : fileIds.compactMap(FileID.init(rawValue:))
            var queued: [FileID] = []
            var refused = 0
            for id in ids {
                if let problem = try await control.retry(id, force: force || allMissingHls) {
                    FileHandle.standardError.write(Data("\(problem)\n".utf8))
                    refused += 1
                } else {
                    queued.append(id)
                }
            }
            print("queued \(queued.count) file\(queued.count == 1 ? "" : "s") for transcoding")
            var failed = 0
            if wait, !queued.isEmpty {
                let finished = try await ProgressBar.follow(queued, control: control)
                for file in finished where file.status == .transcodeFailed {
                    print("\(file.fileId) transcodeFailed: \(file.failureReason ?? "no reason recorded")")
                    failed += 1
                }
            }
            return (refused, failed)
        }
    }
}

/// One line on stderr that redraws itself while files transcode: `[#####-----]  50%  1/2 done`.
enum ProgressBar {
    static let width = 30

    static func follow(_ ids: [FileID], control: TranscodeControl) async throws -> [TranscodeControl.Progress] {
        let redraws = isatty(STDERR_FILENO) != 0
        var lastLine = ""
        while true {
            let progress = try await control.progress(of: ids)
            let line = render(progress)
            if line != lastLine {
                write(redraws ? "\r" + line : line + "\n")
                lastLine = line
            }
            if progress.allSatisfy(\.isFinished) {
                if redraws { write("\n") }
                return progress
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    static func render(_ progress: [TranscodeControl.Progress]) -> String {
        let percent = progress.isEmpty ? 100 : progress.map(\.percent).reduce(0, +) / progress.count
        let filled = width * percent / 100
        let done = progress.filter { $0.status == .transcoded }.count
        let failed = progress.filter { $0.status == .transcodeFailed }.count
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let percentText = String(percent).leftPadded(to: 3)
        return "[\(bar)] \(percentText)%  \(done)/\(progress.count) transcoded" + (failed > 0 ? ", \(failed) failed" : "")
    }

    private static func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
