import Foundation

/// A video's adaptive HLS ladder as far as it has been made: its variants, the durations of the
/// segments every variant has, and whether the transcode has finished. Segment `n` of every variant
/// starts on the same keyframe, so players switch between them at any segment.
///
/// Blob names carry the attempt that made them, so a retry builds a tree of its own beside the one a
/// viewer may still be playing; the trees it replaced are deleted once it completes.
public struct HLSPresentation: Sendable, Equatable, Codable {
    public var attempt: String
    public var variants: [HLSVariant]
    /// Seconds, in order.
    public var segments: [Double]
    public var isComplete: Bool
    /// Trees of earlier attempts this one replaced, deleted when it completes.
    public var retired: [RetiredHLSTree]

    public init(attempt: String, variants: [HLSVariant], segments: [Double], isComplete: Bool, retired: [RetiredHLSTree] = []) {
        self.attempt = attempt
        self.variants = variants
        self.segments = segments
        self.isComplete = isComplete
        self.retired = retired
    }

    /// The length segments are cut to; a segment ends at the first frame at or past it, which every
    /// rung makes a keyframe.
    public static let segmentSeconds = 4
    /// The first segment is shorter, so a video being transcoded is playable sooner: its playlists
    /// appear once every rung has this much.
    public static let firstSegmentSeconds = 2

    /// Where segment `index` begins, in seconds from the start.
    public static func segmentStart(_ index: Int) -> Int {
        index == 0 ? 0 : firstSegmentSeconds + (index - 1) * segmentSeconds
    }

    /// The media playlists' `#EXT-X-TARGETDURATION`: every segment's rounded duration fits under it.
    public var targetDuration: Int {
        max(Self.segmentSeconds, Int((segments.max() ?? 0).rounded()))
    }

    public func variant(named name: String) -> HLSVariant? { variants.first { $0.name == name } }

    /// Whether a player can be given it: every rung has its first segment.
    public var isPlayable: Bool { !segments.isEmpty }

    /// Every blob this tree names; none before it is playable (its init segments come with the first
    /// segments).
    public var blobs: [String] { isPlayable ? RetiredHLSTree(self).blobs(segments: segments.count) : [] }

    /// The retired trees this one carries plus itself: what a later attempt that replaces it retires.
    public var retiringSelf: [RetiredHLSTree] { retired + [RetiredHLSTree(self)] }
}

/// One variant (rung) of the ladder, as the master playlist describes it.
public struct HLSVariant: Sendable, Equatable, Codable {
    public var name: String
    public var width: Int
    public var height: Int
    /// RFC 6381 codec strings, e.g. `avc1.640028,mp4a.40.2`.
    public var codecs: String
    public var frameRate: Double
    /// The highest bit rate of any one segment, audio included, in bits per second.
    public var peakBitRate: Int
    public var averageBitRate: Int

    public init(name: String, width: Int, height: Int, codecs: String, frameRate: Double, peakBitRate: Int, averageBitRate: Int) {
        self.name = name
        self.width = width
        self.height = height
        self.codecs = codecs
        self.frameRate = frameRate
        self.peakBitRate = peakBitRate
        self.averageBitRate = averageBitRate
    }
}

/// What is needed to name every blob of a tree that was replaced.
public struct RetiredHLSTree: Sendable, Equatable, Codable {
    public var attempt: String
    public var variantNames: [String]
    public var segmentCount: Int

    public init(attempt: String, variantNames: [String], segmentCount: Int) {
        self.attempt = attempt
        self.variantNames = variantNames
        self.segmentCount = segmentCount
    }

    public init(_ presentation: HLSPresentation) {
        attempt = presentation.attempt
        variantNames = presentation.variants.map(\.name)
        segmentCount = presentation.segments.count
    }

    /// Every blob the attempt may have written: those the row named, and the segments a rung may
    /// have committed beyond them before the attempt stopped. A rung runs ahead of the slowest by
    /// less than a segment (every rung encodes each frame in turn; an encoder holds back well under
    /// 4 s of frames), so two more cover them.
    public var blobsToDelete: [String] { blobs(segments: segmentCount + 2) }

    func blobs(segments count: Int) -> [String] {
        variantNames.flatMap { name in
            [HLSBlobName.initialization(attempt: attempt, variant: name)]
                + (0..<count).map { HLSBlobName.segment(attempt: attempt, variant: name, index: $0) }
        }
    }
}

/// The blob store names of an HLS tree's files.
public enum HLSBlobName {
    public static func initialization(attempt: String, variant: String) -> String { "hls-\(attempt)-\(variant)-init" }
    public static func segment(attempt: String, variant: String, index: Int) -> String { "hls-\(attempt)-\(variant)-\(index)" }
}

extension HLSPresentation {
    /// Where a file row keeps its presentation, among the metadata Kiln measured (never shown as such).
    public static let metadataKey = "hls"

    public init?(_ value: JSONValue?) {
        guard let value, let data = try? JSONEncoder().encode(value),
            let presentation = try? JSONDecoder().decode(Self.self, from: data)
        else { return nil }
        self = presentation
    }

    public var jsonValue: JSONValue {
        // Encoding plain structs of numbers and strings cannot fail.
        let data = try! JSONEncoder().encode(self)
        return try! JSONDecoder().decode(JSONValue.self, from: data)
    }
}

extension StoredFile {
    /// The file's HLS ladder, from the moment a transcode attempt begins it.
    public var hls: HLSPresentation? { HLSPresentation(metadata[HLSPresentation.metadataKey]) }

    /// `hls?.isPlayable`, read without decoding the ladder: every file object of a video asks it.
    public var hasPlayableHLS: Bool {
        metadata[HLSPresentation.metadataKey]?.objectValue?["segments"]?.arrayValue?.isEmpty == false
    }
}
