import Foundation
import KilnCore
import KilnStorage

/// `kiln transcode`: an operator's retries, straight on the database; the server's workers do the work.
public struct TranscodeControl: Sendable {
    private let database: AppDatabase

    public init(_ configuration: KilnConfiguration) throws {
        database = try AppDatabase.open(path: configuration.databasePath)
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
        var ids: [FileID] = []
        var query = FileListQuery(status: .transcodeFailed, limit: 500)
        while true {
            let page = try await database.listFiles(query)
            ids += page.map(\.id)
            guard page.count == query.limit, let last = page.last else { return ids }
            query.after = last.id
        }
    }

    /// Queues the file again; the reason when that is refused.
    public func retry(_ id: FileID, force: Bool) async throws -> String? {
        switch try await database.retryTranscode(of: id, force: force, now: Date()) {
        case .success: nil
        case .failure(let conflict): conflict.apiError(for: id).message
        }
    }

    public func progress(of ids: [FileID]) async throws -> [Progress] {
        var progress: [Progress] = []
        for id in ids {
            guard let file = try await database.file(id: id) else { continue }
            let percent = file.status == .transcoded || file.status == .transcodeFailed
                ? 100 : Int(file.metadata["progress"]?.numberValue ?? 0)
            progress.append(Progress(fileId: id, status: file.status, percent: percent, failureReason: file.failureReason))
        }
        return progress
    }
}
