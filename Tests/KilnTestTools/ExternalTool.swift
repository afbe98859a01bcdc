import Foundation

/// A program from Debian that a test drives, found on PATH. A machine without it fails the test with
/// the package to install, not a file error: `scripts/test` installs every one of them.
public struct ExternalTool: Sendable {
    public let name: String
    public let debianPackage: String

    public static let ffmpeg = ExternalTool(name: "ffmpeg", debianPackage: "ffmpeg")
    public static let ffprobe = ExternalTool(name: "ffprobe", debianPackage: "ffmpeg")

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public func path() throws -> String {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(
            description: "\(name) is not installed: `apt-get install \(debianPackage)` (scripts/test installs it)")
    }

    /// Runs the program and returns what it printed; a non-zero exit or anything on standard error
    /// is a failure carrying that text.
    @discardableResult
    public func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is drained beside standard output so that neither pipe can fill and stall it.
        let complaint = ComplaintReader(errors.fileHandleForReading)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let message = complaint.text()
        guard process.terminationStatus == 0, message.isEmpty else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")): exit \(process.terminationStatus) \(message)")
        }
        return text
    }
}

private final class ComplaintReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
