import Foundation
import KilnCore
import KilnTestTools
import Testing

@testable import KilnVideo

/// The HLS side of a ladder transcode: segments on one keyframe grid in every rung, whatever
/// keyframes the source or the encoder's scene detection would choose.
struct HLSSegmentationTests {
    /// What a sink was handed, in order. Unchecked: the transcoder calls its sink from its one
    /// thread, and the test reads it only after the transcode returned.
    final class Collected: @unchecked Sendable {
        var headers: [HLSRungHeader] = []
        var initSegments: [String: [UInt8]] = [:]
        var segments: [String: [(index: Int, seconds: Double, bytes: [UInt8])]] = [:]

        func take(_ piece: HLSPiece) {
            switch piece {
            case .initialization(let header, let bytes):
                headers.append(header)
                initSegments[header.name] = bytes
            case .segment(let rung, let index, let seconds, let bytes):
                segments[rung, default: []].append((index, seconds, bytes))
            }
        }
    }

    static func transcode(_ name: String) throws -> (Collected, [RenditionTarget], String) {
        let source = MediaProbeTests.path(name)
        let info = try MediaProbe.probe(path: source)
        let plan = RenditionLadder.plan(width: info.width!, height: info.height!, remuxesOriginal: info.isRemuxableToMP4)
        let folder = try LadderTranscoderTests.temporaryFolder()
        let targets = LadderTranscoderTests.targets(plan.encoded, in: folder)
        let collected = Collected()
        try LadderTranscoder.transcode(source, into: targets, hls: { piece in collected.take(piece) })
        return (collected, targets, folder)
    }

    @Test func segmentsStartOnTheSameGridKeyframesInEveryRungDespiteSceneCuts() throws {
        // Hard cuts at 1.3, 3.7 and 5.5 s, where the H.264 source has its own keyframes.
        let (collected, targets, folder) = try Self.transcode("scene-cuts.mp4")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(targets.map(\.rung.name) == ["480p", "360p"])
        #expect(collected.headers.map(\.name) == ["480p", "360p"])

        var durations: [[Double]] = []
        for target in targets {
            let name = target.rung.name
            let segments = try #require(collected.segments[name])
            #expect(segments.map(\.index) == Array(0..<segments.count), "\(name)")
            durations.append(segments.map(\.seconds))

            // The rung's init segment followed by its segments is one fragmented MP4 that decodes whole.
            let stream = "\(folder)/\(name)-hls.mp4"
            let bytes = try #require(collected.initSegments[name]) + segments.flatMap(\.bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: stream))
            try ExternalTool.ffmpeg.run(["-v", "error", "-xerror", "-i", stream, "-f", "null", "-"])
            let keyframes = try Self.keyframeTimes(stream)
            // Every segment starts on a keyframe; scene cuts may add keyframes inside one.
            var start = 0.0
            for segment in segments {
                #expect(keyframes.contains { abs($0 - start) < 0.001 }, "\(name): no keyframe at \(start) in \(keyframes)")
                start += segment.seconds
            }
            // The MP4 rendition has the grid's keyframes too: it is made of the same packets.
            let mp4Keyframes = try Self.keyframeTimes(target.path)
            for instant in [0.0, 2, 6] { #expect(mp4Keyframes.contains { abs($0 - instant) < 0.001 }, "\(name): \(mp4Keyframes)") }
        }
        // 9 s cut at 2 s (a short first segment, playable sooner) and 6 s, the same in both rungs.
        #expect(durations[0] == durations[1])
        #expect(durations[0].count == 3)
        #expect(zip(durations[0], [2.0, 4, 3]).allSatisfy { abs($0 - $1) < 0.05 }, "\(durations[0])")
    }

    @Test func eachSegmentCarriesTheAudioThatPlaysInIt() throws {
        let (collected, targets, folder) = try Self.transcode("scene-cuts.mp4")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let name = targets[0].rung.name
        let initSegment = try #require(collected.initSegments[name])
        var start = 0.0
        for segment in try #require(collected.segments[name]) {
            // A segment played on its own, after the init segment: its audio starts within an AAC
            // frame (21 ms) of its video.
            let path = "\(folder)/\(name)-\(segment.index).mp4"
            try Data(initSegment + segment.bytes).write(to: URL(fileURLWithPath: path))
            let audioStart = try #require(Double(try ExternalTool.ffprobe.run([
                "-v", "error", "-select_streams", "a", "-show_entries", "packet=pts_time", "-of", "csv=p=0", path,
            ]).split(separator: "\n").first.map(String.init) ?? ""))
            #expect(abs(audioStart - start) < 0.03, "segment \(segment.index): audio at \(audioStart), video at \(start)")
            start += segment.seconds
        }
    }

    @Test func theMasterPlaylistNamesTheRealProfiles() throws {
        let (collected, _, folder) = try Self.transcode("landscape-h264-aac.mp4")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let header = try #require(collected.headers.first)
        // libx264's High profile (0x64) at the level it chose, then AAC LC.
        #expect(header.codecs.wholeMatch(of: /avc1\.64[0-9a-f]{4},mp4a\.40\.2/) != nil, "\(header.codecs)")
        #expect(header.frameRate == 30)
        let (silent, _, silentFolder) = try Self.transcode("no-audio.mp4")
        defer { try? FileManager.default.removeItem(atPath: silentFolder) }
        #expect(silent.headers.allSatisfy { !$0.codecs.contains("mp4a") })
    }

    @Test func parameterSetsAreReadFromEitherExtradataLayout() {
        // Annex B, as libx264 leaves a global header: SPS (type 7) of High 4.0, then a PPS.
        let annexB: [UInt8] = [0, 0, 0, 1, 0x67, 0x64, 0x00, 0x28, 0xAC, 0, 0, 1, 0x68, 0xEE]
        #expect(AVCParameterSets.codecString(of: annexB) == "avc1.640028")
        // avcC: version 1, then profile, compatibility, level.
        #expect(AVCParameterSets.codecString(of: [1, 0x42, 0xC0, 0x1E, 0xFF]) == "avc1.42c01e")
        #expect(AVCParameterSets.codecString(of: [0, 0, 1, 0x68, 0xEE]) == nil)
    }

    static func keyframeTimes(_ path: String) throws -> [Double] {
        try ExternalTool.ffprobe.run([
            "-v", "error", "-select_streams", "v", "-show_entries", "frame=key_frame,pts_time", "-of", "csv=p=0", path,
        ]).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ",")
            return fields.count == 2 && fields[0] == "1" ? Double(fields[1]) : nil
        }
    }
}
