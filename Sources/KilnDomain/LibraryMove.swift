import Crypto
import Foundation
import KilnCore
import KilnStorage
import Logging
import NIOCore

/// `kiln move`: copies a single-node library (its SQLite database and data folder) into the stores
/// a configuration names, e.g. PostgreSQL and a bucket. A file's bytes go first, each blob checked
/// by size and SHA-256 against the original, then its row, so the target never has a row without
/// bytes; a file whose row is already there is done. Running it again after an interruption
/// finishes the job and copies nothing twice.
public struct LibraryMove: Sendable {
    let source: Stores
    let sourceBlobs: any BlobStore
    let target: Stores
    let targetBlobs: any BlobStore

    /// What a move would copy, or did.
    public struct Totals: Sendable, Equatable {
        public var files = 0
        /// Files whose row the target already has: moved before.
        public var alreadyMoved = 0
        public var blobs = 0
        public var bytes: Int64 = 0
        public var recordings = 0
        /// App settings (the upload rules) the target did not have yet; one it has is its own.
        public var settings = 0
        /// Blobs verified in the target from an interrupted run instead of copied again.
        public var blobsFoundVerified = 0
        /// Files the source's own bytes are missing for; they stay behind.
        public var missing: [FileID] = []
    }

    /// How far a move has got, for a progress bar.
    public struct Progress: Sendable {
        public let filesDone: Int
        public let files: Int
        public let bytesDone: Int64
        public let bytes: Int64
    }

    public static func open(library folder: String, into configuration: KilnConfiguration, logger: Logger) async throws
        -> LibraryMove
    {
        let database = folder + "/kiln.sqlite"
        guard FileManager.default.fileExists(atPath: database) else {
            throw ConfigurationError("\(folder) holds no Kiln library (no kiln.sqlite)")
        }
        let sourceFolder = URL(fileURLWithPath: folder).standardizedFileURL.path
        if configuration.databaseURL == nil,
            URL(fileURLWithPath: configuration.dataDirectory).standardizedFileURL.path == sourceFolder
        {
            throw ConfigurationError("the target is the library itself: set KILN_DATABASE_URL (and KILN_BLOB_STORE) to move it")
        }
        let source = try await Stores.open(databaseURL: nil, sqlitePath: database, clock: configuration.clock, logger: logger)
        return LibraryMove(
            source: source, sourceBlobs: try FileSystemBlobStore(root: folder + "/blobs"),
            target: try await configuration.openStores(logger: logger), targetBlobs: try await configuration.openBlobStore())
    }

    /// Runs `body` with both databases connected.
    public func whileConnected<T: Sendable>(_ body: @Sendable (LibraryMove) async throws -> T) async throws -> T {
        try await source.whileRunning { try await target.whileRunning { try await body(self) } }
    }

    /// What `run` would copy, without copying: `--dry-run`.
    public func survey() async throws -> Totals {
        var totals = Totals()
        try await forEachSourceFile { file in
            totals.files += 1
            switch try await state(of: file) {
            case .moved: totals.alreadyMoved += 1
            case .missingBytes: totals.missing.append(file.id)
            case .toCopy(let blobs):
                totals.blobs += blobs.count
                totals.bytes += blobs.reduce(0) { $0 + $1.size }
            }
        }
        totals.recordings = try await source.rooms.allRecordings().count
        totals.settings = try await settingsToCopy().count
        return totals
    }

    public func run(progress: @Sendable (Progress) -> Void) async throws -> Totals {
        let plan = try await survey()
        var done = Totals()
        func report() { progress(Progress(filesDone: done.files, files: plan.files, bytesDone: done.bytes, bytes: plan.bytes)) }
        try await forEachSourceFile { file in
            defer {
                done.files += 1
                report()
            }
            switch try await state(of: file) {
            case .moved: done.alreadyMoved += 1
            case .missingBytes: done.missing.append(file.id)
            case .toCopy(let blobs):
                for (key, size) in blobs {
                    if try await copyBlob(key, size: size) { done.blobs += 1 } else { done.blobsFoundVerified += 1 }
                    done.bytes += size
                    report()
                }
                try await writeRow(of: file)
            }
        }
        for recording in try await source.rooms.allRecordings() where !done.missing.contains(recording.fileId) {
            if try await target.rooms.importRecording(recording) { done.recordings += 1 }
        }
        for (name, json) in try await settingsToCopy() {
            try await target.settings.setAppSetting(name, to: json)
            done.settings += 1
        }
        return done
    }

    /// The source's settings the target has none of: a shared database's own rules are never overwritten.
    private func settingsToCopy() async throws -> [(name: String, json: String)] {
        let present = try await target.settings.allAppSettings()
        return try await source.settings.allAppSettings().filter { present[$0.key] == nil }.sorted { $0.key < $1.key }
            .map { ($0.key, $0.value) }
    }

    private enum FileState {
        /// The target has its row, so its bytes went before it.
        case moved
        /// The library itself lacks a blob the row names.
        case missingBytes
        case toCopy([(key: BlobKey, size: Int64)])
    }

    private func state(of file: StoredFile) async throws -> FileState {
        if try await target.files.file(id: file.id) != nil { return .moved }
        var blobs: [(key: BlobKey, size: Int64)] = []
        for key in Self.blobKeys(of: file) {
            guard let size = try await sourceBlobs.size(of: key) else { return .missingBytes }
            blobs.append((key, size))
        }
        return .toCopy(blobs)
    }

    /// A file's row as the target should have it: one that was waiting for or in transcoding is
    /// queued again there, for the target's workers.
    private func writeRow(of file: StoredFile) async throws {
        if file.type.isTranscoded, !file.isDeleted, file.status == .uploaded || file.status == .transcoding {
            var queued = file
            queued.status = .uploaded
            queued.metadata["progress"] = nil
            try await target.queue.insertQueued(queued)
        } else {
            try await target.files.insert(file)
        }
    }

    /// Copies one blob unless the target holds the same bytes already (an interrupted run's);
    /// true when it copied. Either way the target's bytes are checked against the source's.
    private func copyBlob(_ key: BlobKey, size: Int64) async throws -> Bool {
        var copied = false
        let expected: String
        if try await targetBlobs.size(of: key) == size {
            expected = try await Self.sha256(of: sourceBlobs.read(key, range: nil))
        } else {
            let upload = try targetBlobs.beginUpload(of: key)
            expected = try await upload.abortingAfterwards {
                var hasher = SHA256()
                for try await chunk in try await sourceBlobs.read(key, range: nil) {
                    chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                    try await upload.write(chunk)
                }
                try await targetBlobs.commit(upload)
                return Array(hasher.finalize()).hexString
            }
            copied = true
        }
        let stored = try await Self.sha256(of: targetBlobs.read(key, range: nil))
        guard try await targetBlobs.size(of: key) == size, stored == expected else {
            throw MoveMismatch("\(key) differs in the target after copying (SHA-256 \(stored), expected \(expected))")
        }
        return copied
    }

    private func forEachSourceFile(_ body: (StoredFile) async throws -> Void) async throws {
        try await source.files.forEachFile(FileListQuery(limit: 500, includeDeleted: true), body)
    }

    /// Every blob a live file has: its original, each distinct blob its variants name, and its HLS
    /// tree's init segments and segments.
    static func blobKeys(of file: StoredFile) -> [BlobKey] {
        guard !file.isDeleted else { return [] }
        let names = Set(file.variants.values.map(\.blob) + (file.hls?.blobs ?? [])).subtracting(["original"]).sorted()
        return ([BlobKey.original(file.id)] + names.map { BlobKey(fileId: file.id, variant: $0) })
    }

    static func sha256(of stream: BlobReadStream) async throws -> String {
        var hasher = SHA256()
        for try await chunk in stream { chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
        return Array(hasher.finalize()).hexString
    }
}

/// The target's bytes are not the source's after a copy.
public struct MoveMismatch: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
