import Foundation
import KilnCore
import KilnStorage
import Logging

/// `kiln transcode`: an operator's retries, straight on the database; the workers do the work.
public struct TranscodeControl: Sendable {
    private let stores: Stores

    public init(_ configuration: KilnConfiguration, logger: Logger) async throws {
        stores = try await configuration.openStores(logger: logger)
    }

    /// Runs `body` with the database connected.
    public func whileConnected<T: Sendable>(_ body: @Sendable (TranscodeControl) async throws -> T) async throws -> T {
        try await stores.whileRunning { try await body(self) }
    }

    /// Where one file's transcoding stands.
    public struct Progress: Sendable {
        public let fileId: FileID
        public let status: FileStatus
        /// 0–100; 100 once finished either way.
        public let percent: Int
        public let failureReason: String?

        public var isFinished: Bool { status == .transcoded || status == .transcodeFailed }
    }

    public func failedFileIDs() async throws -> [FileID] {
        try await stores.files.allFiles(FileListQuery(status: .transcodeFailed, limit: 500)).map(\.id)
    }

    /// Videos and clips transcoded before Kiln made HLS: they have renditions but no HLS ladder.
    public func fileIDsMissingHLS() async throws -> [FileID] {
        var missing: [StoredFile] = []
        for type in [FileType.video, .clip] {
            missing += try await stores.files.allFiles(FileListQuery(status: .transcoded, type: type, limit: 500))
                .filter { $0.hls?.isPlayable != true }
        }
        return missing.map(\.id).sorted { $0.rawValue < $1.rawValue }
    }

    /// Queues the file again; the reason when that is refused.
    public func retry(_ id: FileID, force: Bool) async throws -> String? {
        switch try await stores.queue.retryTranscode(of: id, force: force) {
        case .success: nil
        case .failure(let conflict): conflict.apiError(for: id).message
        }
    }

    public func progress(of ids: [FileID]) async throws -> [Progress] {
        var progress: [Progress] = []
        for id in ids {
            guard let file = try await stores.files.file(id: id) else { continue }
            let percent = file.status == .transcoded || file.status == .transcodeFailed
                ? 100 : Int(file.metadata["progress"]?.numberValue ?? 0)
            progress.append(Progress(fileId: id, status: file.status, percent: percent, failureReason: file.failureReason))
        }
        return progress
    }
}
