import Foundation
import KilnCore
import KilnImaging
import KilnStorage
import KilnVideo
import NIOCore
import NIOPosix

/// What a finished transcode adds to its file: the renditions' variants, any metadata it measured,
/// and the blobs it committed (removed again if the file cannot take them).
struct TranscodeOutcome: Sendable {
    var variants: [String: StoredVariant] = [:]
    var metadata: [String: JSONValue] = [:]
    var committed: [BlobKey] = []
}

/// One transcode, as a list of steps: find the source, plan the renditions, make them into
/// temporary files while their HLS segments are stored and published as they come, add a poster if
/// the upload had none, complete the HLS ladder, commit the renditions. Only the HLS ladder is
/// visible before the worker records the outcome; a failure leaves no temporary file and no blob the
/// row does not name.
final class TranscodePipeline: Sendable {
    let blobs: any BlobStore
    let media: MediaInspector

    init(blobs: any BlobStore, media: MediaInspector) {
        self.blobs = blobs
        self.media = media
    }

    func run(_ file: StoredFile, monitor: TranscodeMonitor, publish: @escaping HLSPublisher.Publish) async throws
        -> TranscodeOutcome
    {
        try await blobs.withLocalCopy(of: .original(file.id)) { source in
            var outputs = PendingRenditions(blobs: blobs, fileId: file.id)
            do {
                let outcome = try await transcode(file, from: source, into: &outputs, monitor: monitor, publish: publish)
                await outputs.abort()
                return outcome
            } catch {
                await outputs.abort()
                throw error
            }
        }
    }

    private func transcode(
        _ file: StoredFile, from source: String, into outputs: inout PendingRenditions, monitor: TranscodeMonitor,
        publish: @escaping HLSPublisher.Publish
    ) async throws -> TranscodeOutcome {
        var outcome = TranscodeOutcome()
        if file.type == .audio {
            let target = try outputs.begin("original", mimeType: "audio/mp4")
            try await media.decoder.transcodeAudio(
                source, to: target, sourceSeconds: file.metadata["duration"]?.numberValue, monitor: monitor)
        } else {
            let info = try await media.probe(source, for: .transcode)
            guard let width = info.width, let height = info.height else {
                throw TranscodeRejection("the source has no video stream")
            }
            let plan = RenditionLadder.plan(width: width, height: height, remuxesOriginal: info.isRemuxableToMP4)
            let targets = try plan.encoded.map { rung in
                RenditionTarget(rung: rung, path: try outputs.begin(rung.name, mimeType: "video/mp4", width: rung.width, height: rung.height))
            }
            if !targets.isEmpty {
                let hls = HLSPublisher(
                    blobs: blobs, fileId: file.id, attempt: outputs.attempt, rungs: targets.map(\.rung),
                    replacing: file.hls, monitor: monitor, publish: publish)
                outputs.hls = hls
                try await streaming(hls) {
                    try await media.decoder.transcodeLadder(
                        source, into: targets, hls: hls.sink, sourceSeconds: info.duration, monitor: monitor)
                }
                outcome.metadata[HLSPresentation.metadataKey] = try await hls.complete().jsonValue
            }
            if plan.remuxesOriginal {
                let target = try outputs.begin("original", mimeType: "video/mp4", width: width, height: height)
                try await media.decoder.remux(source, to: target, sourceSeconds: info.duration, monitor: monitor)
            }
            outputs.alias(plan.aliases)
            if file.variants[StoredVariant.posterName] == nil, let poster = try await media.poster(of: source, for: .transcode) {
                var forms = DerivedForms(type: file.type)
                forms.add(poster)
                outcome.metadata.merge(forms.metadata) { _, poster in poster }
                for (name, bytes) in forms.blobs { try await outputs.add(name, bytes: bytes, variant: forms.variants[name]!) }
            }
        }
        (outcome.variants, outcome.committed) = try await outputs.commit()
        return outcome
    }

    /// Runs `transcode` while `hls` stores and publishes what it hands over. A failure to store stops
    /// the transcode, and is the failure reported.
    private func streaming(_ hls: HLSPublisher, _ transcode: () async throws -> Void) async throws {
        async let storing: Void = hls.run()
        let transcoded: Result<Void, any Error>
        do {
            try await transcode()
            transcoded = .success(())
        } catch {
            transcoded = .failure(error)
        }
        hls.finishPieces()
        await storing
        if let failure = hls.failure { throw failure }
        try transcoded.get()
    }
}

/// A transcode failure that is the source's fault, not the machine's: retrying cannot help.
struct TranscodeRejection: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The renditions of one attempt, in blob store temporary files until committed. Blob names carry
/// a token of the attempt, so a late worker that lost its lease can never overwrite what another
/// attempt recorded.
private struct PendingRenditions {
    let blobs: any BlobStore
    let fileId: FileID
    let attempt = String(FileID.random().rawValue.prefix(8))
    /// The attempt's HLS ladder, whose blobs the row does not name yet are removed with the rest.
    var hls: HLSPublisher?
    private var pending: [(name: String, upload: any BlobUpload, variant: StoredVariant)] = []
    private var aliases: [String: String] = [:]

    init(blobs: any BlobStore, fileId: FileID) {
        self.blobs = blobs
        self.fileId = fileId
    }

    /// A temporary file for rendition `name`; returns its path.
    mutating func begin(_ name: String, mimeType: String, width: Int? = nil, height: Int? = nil) throws -> String {
        let variant = StoredVariant(blob: "\(name)-\(attempt)", mimeType: mimeType, width: width, height: height, size: 0)
        let upload = try blobs.beginUpload(of: BlobKey(fileId: fileId, variant: variant.blob))
        pending.append((name, upload, variant))
        return upload.localPath
    }

    mutating func add(_ name: String, bytes: [UInt8], variant: StoredVariant) async throws {
        _ = try begin(name, mimeType: variant.mimeType, width: variant.width, height: variant.height)
        try await pending[pending.count - 1].upload.write(ByteBuffer(bytes: bytes))
    }

    mutating func alias(_ aliases: [String: String]) { self.aliases.merge(aliases) { _, new in new } }

    /// Makes every file durable under its blob name; the variants to record, with their sizes.
    mutating func commit() async throws -> ([String: StoredVariant], [BlobKey]) {
        var variants: [String: StoredVariant] = [:]
        var committed: [BlobKey] = []
        do {
            for (name, upload, variant) in pending {
                let key = upload.key
                try await blobs.commit(upload)
                committed.append(key)
                var sized = variant
                sized.size = try await blobs.size(of: key) ?? 0
                variants[name] = sized
            }
        } catch {
            for key in committed { try? await blobs.delete(key) }
            throw error
        }
        for (name, target) in aliases { variants[name] = variants[target] }
        pending.removeAll()
        return (variants, committed)
    }

    func abort() async {
        for item in pending { await item.upload.abort() }
        for key in hls?.unpublishedBlobs ?? [] { try? await blobs.delete(key) }
    }
}
