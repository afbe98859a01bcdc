import Foundation
import KilnCore
import Testing

@testable import KilnVideo

struct LadderTranscoderTests {
    /// The names of an MP4's top-level boxes, in file order.
    static func topLevelBoxes(_ path: String) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var boxes: [String] = []
        var offset = 0
        while offset + 8 <= data.count {
            var size = data[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let name = String(decoding: data[offset + 4..<offset + 8], as: UTF8.self)
            if size == 1, offset + 16 <= data.count { size = data[offset + 8..<offset + 16].reduce(0) { $0 << 8 | Int($1) } }
            boxes.append(name)
            guard size >= 8 else { break }
            offset += size
        }
        return boxes
    }

    @Test(arguments: [("landscape-h264-aac.mp4", 2.0), ("odd-size.webm", 1.0), ("hevc.mov", 2.0)])
    func everyRungIsPlayableH264WithItsIndexFirst(_ name: String, _ duration: Double) throws {
        let source = MediaProbeTests.path(name)
        let info = try MediaProbe.probe(path: source)
        let rungs = RenditionLadder.rungs(width: info.width!, height: info.height!)
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let monitor = TranscodeMonitor()
        let targets = Self.targets(rungs, in: folder)
        try LadderTranscoder.transcode(source, into: targets, monitor: monitor)
        #expect(monitor.fraction == 1)
        for target in targets {
            let rung = target.rung
            let output = try MediaProbe.probe(path: target.path)
            #expect(output.videoCodec == "h264", "\(rung.name)")
            #expect(output.pixelFormat == "yuv420p", "\(rung.name)")
            #expect(output.width == rung.width && output.height == rung.height, "\(rung.name)")
            #expect(abs((output.duration ?? 0) - duration) < 0.1, "\(rung.name): \(output.duration ?? 0)")
            let boxes = try Self.topLevelBoxes(target.path)
            let moov = try #require(boxes.firstIndex(of: "moov")), mdat = try #require(boxes.firstIndex(of: "mdat"))
            #expect(moov < mdat, "\(rung.name): \(boxes)")
        }
    }

    @Test func theLastFrameOfASilentVideoLastsAFrame() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let targets = Self.targets(RenditionLadder.rungs(width: 640, height: 360), in: folder)
        try LadderTranscoder.transcode(MediaProbeTests.path("no-audio.mp4"), into: targets)
        // 60 frames at 30 fps: 2 s, not the 1.967 s of a last frame without a duration.
        let output = try MediaProbe.probe(path: targets[0].path)
        #expect(abs((output.duration ?? 0) - 2) < 0.005, "\(output.duration ?? 0)")
    }

    static func targets(_ rungs: [Rung], in folder: String) -> [RenditionTarget] {
        rungs.map { RenditionTarget(rung: $0, path: "\(folder)/\($0.name).mp4") }
    }

    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-ladder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func anUnreadableFileFailsWithLibavsReason() throws {
        let error = try #require(throws: AVFailure.self) {
            try LadderTranscoder.transcode(MediaProbeTests.path("corrupt.mp4"), into: [])
        }
        #expect(!error.isTransient)
    }

    /// Every packet of `damaged.mp4` is noise behind a valid index: it probes, but nothing decodes.
    @Test func aFileWhosePacketsAreDamagedFailsForGood() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = MediaProbeTests.path("damaged.mp4")
        let info = try MediaProbe.probe(path: source)
        let targets = Self.targets(RenditionLadder.rungs(width: info.width!, height: info.height!), in: folder)
        let error = try #require(throws: AVFailure.self) { try LadderTranscoder.transcode(source, into: targets) }
        #expect(error.operation.contains("no frame"), "\(error)")
        #expect(!error.isTransient && !error.isStop)
    }

    @Test func aStopRequestEndsTheTranscodeAtTheNextFrame() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let monitor = TranscodeMonitor()
        monitor.requestStop()
        let targets = Self.targets(RenditionLadder.rungs(width: 640, height: 360), in: folder)
        let error = try #require(throws: AVFailure.self) {
            try LadderTranscoder.transcode(MediaProbeTests.path("landscape-h264-aac.mp4"), into: targets, monitor: monitor)
        }
        #expect(error.isStop)
    }

    @Test func anH264AndAACSourceIsRemuxedPacketForPacket() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = MediaProbeTests.path("landscape-h264-aac.mp4")
        let info = try MediaProbe.probe(path: source)
        #expect(info.isRemuxableToMP4)
        let output = folder + "/original.mp4"
        try Remuxer.remux(source, to: output)
        let copied = try MediaProbe.probe(path: output)
        #expect(copied.videoCodec == "h264" && copied.audioCodec == "aac")
        #expect(copied.width == 640 && copied.height == 360)
        #expect(abs((copied.duration ?? 0) - 2) < 0.1)
        // The fixture was encoded at CRF 30; a re-encode would say 23 in x264's settings message.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(bytes.range(of: Data("crf=30.0".utf8)) != nil)
        let boxes = try Self.topLevelBoxes(output)
        #expect(try #require(boxes.firstIndex(of: "moov")) < #require(boxes.firstIndex(of: "mdat")))
    }

    @Test(arguments: ["portrait-rotated.mov", "hevc.mov", "vp9-opus.webm", "odd-size.webm"])
    func otherSourcesAreNotRemuxed(_ name: String) throws {
        #expect(!(try MediaProbe.probe(path: MediaProbeTests.path(name))).isRemuxableToMP4)
    }

    @Test func audioBecomesAACInAnMP4() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/original.m4a"
        try AudioTranscoder.transcode(MediaProbeTests.path("vp9-opus.webm"), to: output)
        let info = try MediaProbe.probe(path: output)
        #expect(info.audioCodec == "aac" && !info.hasVideo)
        #expect(abs((info.duration ?? 0) - 2) < 0.1)
    }
}

struct RotatedLadderTests {
    @Test func aPhonesPortraitClipComesOutUprightWithoutRotationData() throws {
        let source = MediaProbeTests.path("portrait-rotated.mov")
        let info = try MediaProbe.probe(path: source)
        let rungs = RenditionLadder.rungs(width: info.width!, height: info.height!)
        let folder = try LadderTranscoderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let rendition = try #require(LadderTranscoderTests.targets(rungs, in: folder).first)
        try LadderTranscoder.transcode(source, into: [rendition])
        let output = try MediaProbe.probe(path: rendition.path)
        #expect(output.width == 270 && output.height == 480)
        #expect(output.rotation == 0)
    }

    /// ffmpeg's own autorotated first frame of each fixture is the reference: a rendition (whose
    /// pixels carry no rotation data) and the poster must show the card as ffmpeg shows it.
    @Test(arguments: ["card-turned-90", "card-turned-180", "card-turned-270", "card-mirrored"])
    func renditionsAndPostersAreUprightAsFFmpegShowsThem(_ name: String) throws {
        let source = MediaProbeTests.path("\(name).mp4")
        let reference = Array(try Data(contentsOf: URL(fileURLWithPath: MediaProbeTests.path("\(name).ffmpeg.rgb"))))
        let info = try MediaProbe.probe(path: source)
        let (width, height) = (try #require(info.width), try #require(info.height))
        #expect(reference.count == width * height * 3)

        let folder = try LadderTranscoderTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rendition = try #require(
            LadderTranscoderTests.targets(RenditionLadder.rungs(width: width, height: height), in: folder).first)
        try LadderTranscoder.transcode(source, into: [rendition])
        let output = try MediaProbe.probe(path: rendition.path)
        #expect(output.rotation == 0 && !output.mirrored)

        for (what, picture) in [("rendition", try PosterFrame.extract(from: rendition.path)), ("poster", try PosterFrame.extract(from: source))] {
            #expect(picture.width == width && picture.height == height, "\(what)")
            guard picture.rgb.count == reference.count else { continue }
            // Quadrant centres: the card's colours sit where ffmpeg puts them.
            for (x, y) in [(width / 4, height / 4), (width * 3 / 4, height / 4), (width / 4, height * 3 / 4), (width * 3 / 4, height * 3 / 4)] {
                let at = (y * width + x) * 3
                let difference = (0..<3).map { abs(Int(picture.rgb[at + $0]) - Int(reference[at + $0])) }.max()!
                #expect(difference < 40, "\(what) at \(x),\(y): \(picture.rgb[at..<at + 3]) vs \(reference[at..<at + 3])")
            }
            let mean = zip(picture.rgb, reference).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) } / reference.count
            #expect(mean < 12, "\(what): mean difference \(mean)")
        }
    }
}
