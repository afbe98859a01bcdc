import Foundation
import KilnCore
import KilnDecoding
import KilnImaging
import KilnStorage
import KilnVideo
import Logging
import NIOCore
import Synchronization
import Testing

@testable import KilnDomain

/// An attempt that follows a dead one: players keep the dead attempt's ladder until the new one has
/// segments, and once it completes nothing any earlier attempt may have written is left.
struct HLSRecoveryTests {
    /// A database away mid-transcode only delays the ladder: the transcode goes on and the ladder
    /// that must land (the attempt's name, the complete ladder) does.
    @Test func aDatabaseAwayForTheLadderDoesNotStopTheTranscode() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-hls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let blobs = try FileSystemBlobStore(root: folder)
        let id = FileID.random()
        let upload = try blobs.beginUpload(of: .original(id))
        try await upload.write(ByteBuffer(bytes: try VideoFixtures.bytes("scene-cuts.mp4")))
        try await blobs.commit(upload)
        let now = Date()
        let file = StoredFile(
            id: id, uploaderId: "alice", type: .video, accessType: .public, altText: nil, feedType: nil, status: .transcoding,
            name: "clip.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1, createdAt: now, updatedAt: now)
        let pipeline = try Self.pipeline(blobs)
        let landed = Mutex<[HLSPresentation]>([])
        let outcome = try await pipeline.run(file, monitor: TranscodeMonitor()) { metadata, mustLand in
            guard mustLand else { throw StoreUnavailable("the database did not answer", store: .database) }
            landed.withLock { $0.append(HLSPresentation(metadata["hls"])!) }
            return true
        }
        let finished = try #require(HLSPresentation(outcome.metadata["hls"]))
        #expect(finished.isComplete && finished.segments.count == 3 && finished.variants.count == 2)
        #expect(landed.withLock { $0.map(\.segments.count) } == [0, 3], "the attempt's name, then the complete ladder")
        for name in finished.blobs { #expect(try await blobs.size(of: BlobKey(fileId: id, variant: name)) != nil, "\(name)") }
    }

    @Test func anAttemptAfterDeadOnesLeavesOnlyItsOwnTree() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-hls-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let blobs = try FileSystemBlobStore(root: folder)
        let id = FileID.random()
        func write(_ name: String, _ bytes: [UInt8] = [1, 2, 3]) async throws {
            let upload = try blobs.beginUpload(of: BlobKey(fileId: id, variant: name))
            try await upload.write(ByteBuffer(bytes: bytes))
            try await blobs.commit(upload)
        }
        try await write("original", try VideoFixtures.bytes("no-audio.mp4"))
        // Three dead attempts: one that named itself and wrote an init segment before it died; one
        // whose single segment was published; and the last, with one segment published and one
        // more committed in a rung but not yet published when its worker was killed.
        let written = [
            "hls-feedface-360p-init", "hls-0a0a0a0a-360p-init", "hls-0a0a0a0a-360p-0",
            "hls-deadbeef-360p-init", "hls-deadbeef-360p-0", "hls-deadbeef-360p-1",
        ]
        for name in written { try await write(name) }
        let dead = HLSPresentation(
            attempt: "deadbeef",
            variants: [HLSVariant(name: "360p", width: 640, height: 360, codecs: "avc1.64001e", frameRate: 30, peakBitRate: 1, averageBitRate: 1)],
            segments: [4], isComplete: false,
            retired: [
                RetiredHLSTree(attempt: "feedface", variantNames: ["360p"], segmentCount: 0),
                RetiredHLSTree(attempt: "0a0a0a0a", variantNames: ["360p"], segmentCount: 1),
            ])
        let now = Date()
        let file = StoredFile(
            id: id, uploaderId: "alice", type: .video, accessType: .public, altText: nil, feedType: nil, status: .transcoding,
            name: "clip.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1, metadata: ["hls": dead.jsonValue],
            createdAt: now, updatedAt: now)

        let pipeline = try Self.pipeline(blobs)
        let published = Mutex<[HLSPresentation]>([])
        let outcome = try await pipeline.run(file, monitor: TranscodeMonitor()) { metadata, _ in
            let presentation = try #require(HLSPresentation(metadata["hls"]))
            // Whenever the row changes, it names only blobs that are there.
            for name in presentation.blobs { #expect(try await blobs.size(of: BlobKey(fileId: id, variant: name)) != nil, "\(name)") }
            published.withLock { $0.append(presentation) }
            return true
        }
        let seen = published.withLock { $0 }
        let final = try #require(HLSPresentation(outcome.metadata["hls"]))

        // First the row names the new attempt among the trees to retire, and players keep the dead ladder.
        let announced = try #require(seen.first)
        #expect(announced.attempt == "deadbeef" && announced.segments == [4])
        #expect(announced.retired.map(\.attempt) == ["feedface", "0a0a0a0a", final.attempt])
        // Then its own ladder (growing ones are published without holding the transcode up, so one
        // may land late), retiring every earlier tree until it completes; recorded with none.
        let own = seen.dropFirst()
        #expect(!own.isEmpty && own.allSatisfy { $0.attempt == final.attempt })
        let complete = own.filter(\.isComplete)
        #expect(complete.count == 1)
        #expect(complete.first?.retired.map(\.attempt) == ["feedface", "0a0a0a0a", "deadbeef"])
        #expect(final.isComplete && final.retired.isEmpty && final.segments.count == 1)

        for name in written { #expect(try await blobs.size(of: BlobKey(fileId: id, variant: name)) == nil, "\(name) is left") }
        for name in final.blobs { #expect(try await blobs.size(of: BlobKey(fileId: id, variant: name)) != nil, "\(name)") }
    }

    /// One worker's pipeline, decoding in the sandbox as a node does.
    static func pipeline(_ blobs: any BlobStore) throws -> TranscodePipeline {
        let logger = Logger(label: "test")
        let decoder = MediaDecoder(
            settings: SandboxSettings(), inspectionThreads: 1, inspectionQueueLimit: 4, transcodeThreads: 1, logger: logger)
        return TranscodePipeline(
            blobs: blobs, media: MediaInspector(images: try ImageProcessor(maxPixels: 50_000_000), decoder: decoder, logger: logger))
    }
}
