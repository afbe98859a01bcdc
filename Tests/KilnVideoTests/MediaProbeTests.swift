import Foundation
import KilnCore
import Testing

@testable import KilnVideo

struct MediaProbeTests {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/video/\(name)").path
    }

    struct Expected: Sendable, CustomTestStringConvertible {
        let file: String
        let width: Int
        let height: Int
        let rotation: Int
        let duration: Double
        let frameRate: Double
        let videoCodec: String
        let audioCodec: String?
        var testDescription: String { file }
    }

    static let expectations: [Expected] = [
        Expected(file: "landscape-h264-aac.mp4", width: 640, height: 360, rotation: 0, duration: 2, frameRate: 30, videoCodec: "h264", audioCodec: "aac"),
        Expected(file: "portrait-rotated.mov", width: 270, height: 480, rotation: 90, duration: 2, frameRate: 30, videoCodec: "h264", audioCodec: "aac"),
        Expected(file: "hevc.mov", width: 480, height: 270, rotation: 0, duration: 2, frameRate: 25, videoCodec: "hevc", audioCodec: "aac"),
        Expected(file: "vp9-opus.webm", width: 480, height: 270, rotation: 0, duration: 2, frameRate: 30, videoCodec: "vp9", audioCodec: "opus"),
        Expected(file: "no-audio.mp4", width: 640, height: 360, rotation: 0, duration: 2, frameRate: 30, videoCodec: "h264", audioCodec: nil),
        Expected(file: "odd-size.webm", width: 321, height: 181, rotation: 0, duration: 1, frameRate: 30, videoCodec: "vp9", audioCodec: nil),
        Expected(file: "240p.mp4", width: 426, height: 240, rotation: 0, duration: 1, frameRate: 30, videoCodec: "h264", audioCodec: "aac"),
        Expected(file: "anamorphic.mp4", width: 480, height: 270, rotation: 0, duration: 2, frameRate: 30, videoCodec: "h264", audioCodec: "aac"),
        Expected(file: "broadcast.ts", width: 480, height: 270, rotation: 0, duration: 2, frameRate: 30, videoCodec: "h264", audioCodec: "aac"),
        Expected(file: "wmv2-wma.wmv", width: 480, height: 270, rotation: 0, duration: 2, frameRate: 25, videoCodec: "wmv2", audioCodec: "wmav2"),
        // Written to a pipe: no duration in the container, measured from the timestamps.
        Expected(file: "piped.asf", width: 160, height: 120, rotation: 0, duration: 2, frameRate: 10, videoCodec: "wmv2", audioCodec: nil),
    ]

    @Test(arguments: expectations)
    func probeReadsTheStreamsAsDisplayed(_ expected: Expected) throws {
        let info = try MediaProbe.probe(path: Self.path(expected.file))
        #expect(info.width == expected.width)
        #expect(info.height == expected.height)
        #expect(info.rotation == expected.rotation)
        #expect(abs((info.duration ?? 0) - expected.duration) < 0.1)
        #expect(abs((info.frameRate ?? 0) - expected.frameRate) < 0.01)
        #expect(info.videoCodec == expected.videoCodec)
        #expect(info.audioCodec == expected.audioCodec)
        #expect(info.hasAudio == (expected.audioCodec != nil))
        #expect((info.bitRate ?? 0) > 0)
        #expect(info.metadata["hasAudio"] == .bool(expected.audioCodec != nil))
        #expect(info.metadata["width"] == .number(Double(expected.width)))
    }

    @Test func audioHasNoPicture() throws {
        let info = try MediaProbe.probe(path: Self.path("tone.m4a"))
        #expect(!info.hasVideo)
        #expect(info.audioCodec == "aac")
        #expect(info.width == nil)
        #expect(abs((info.duration ?? 0) - 2) < 0.1)
        #expect(info.metadata["rotation"] == nil)
    }

    @Test func unreadableFilesCarryLibavsReason() throws {
        #expect {
            try MediaProbe.probe(path: Self.path("corrupt.mp4"))
        } throws: { error in
            guard let failure = error as? AVFailure else { return false }
            return failure.code < 0 && !failure.message.isEmpty
        }
        #expect(throws: AVFailure.self) { try MediaProbe.probe(path: "/nonexistent/clip.mp4") }
    }
}
