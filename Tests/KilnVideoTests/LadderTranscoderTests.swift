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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-ladder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var reported: [Double] = []
        let renditions = try LadderTranscoder.transcode(source, rungs: rungs, into: folder) { reported.append($0) }
        #expect(renditions.map(\.name) == rungs.map(\.name))
        #expect(reported.last == 1)
        #expect(reported == reported.sorted())
        for (rendition, rung) in zip(renditions, rungs) {
            let output = try MediaProbe.probe(path: rendition.path)
            #expect(output.videoCodec == "h264", "\(rung.name)")
            #expect(output.pixelFormat == "yuv420p", "\(rung.name)")
            #expect(output.width == rung.width && output.height == rung.height, "\(rung.name)")
            #expect(abs((output.duration ?? 0) - duration) < 0.1, "\(rung.name): \(output.duration ?? 0)")
            let boxes = try Self.topLevelBoxes(rendition.path)
            let moov = try #require(boxes.firstIndex(of: "moov")), mdat = try #require(boxes.firstIndex(of: "mdat"))
            #expect(moov < mdat, "\(rung.name): \(boxes)")
        }
    }

    @Test func aCorruptFileFailsWithLibavsReason() throws {
        #expect(throws: AVFailure.self) {
            try LadderTranscoder.transcode(MediaProbeTests.path("corrupt.mp4"), rungs: RenditionLadder.rungs(width: 640, height: 360), into: "/tmp")
        }
    }
}

struct RotatedLadderTests {
    @Test func aPhonesPortraitClipComesOutUprightWithoutRotationData() throws {
        let source = MediaProbeTests.path("portrait-rotated.mov")
        let info = try MediaProbe.probe(path: source)
        let rungs = RenditionLadder.rungs(width: info.width!, height: info.height!)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-ladder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let rendition = try #require(try LadderTranscoder.transcode(source, rungs: rungs, into: folder).first)
        let output = try MediaProbe.probe(path: rendition.path)
        #expect(output.width == 270 && output.height == 480)
        #expect(output.rotation == 0)
        // The source's poster is turned upright in RGB; the rendition's pixels must already match it.
        let expected = try PosterFrame.extract(from: source)
        let actual = try PosterFrame.extract(from: rendition.path)
        #expect(expected.width == actual.width && expected.height == actual.height)
        let difference = zip(expected.rgb, actual.rgb).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) } / expected.rgb.count
        #expect(difference < 20, "mean difference \(difference)")
    }
}
