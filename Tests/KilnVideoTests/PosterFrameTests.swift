import Foundation
import Testing

@testable import KilnVideo

struct PosterFrameTests {
    @Test func thePosterIsAtOneSecondOrTenPercentIn() {
        #expect(PosterFrame.time(forDuration: 120) == 1)
        #expect(PosterFrame.time(forDuration: 10) == 1)
        #expect(abs(PosterFrame.time(forDuration: 2) - 0.2) < 1e-9)
        #expect(PosterFrame.time(forDuration: nil) == 0)
    }

    @Test(arguments: [
        ("landscape-h264-aac.mp4", 640, 360), ("portrait-rotated.mov", 270, 480), ("hevc.mov", 480, 270),
        ("vp9-opus.webm", 480, 270), ("odd-size.webm", 321, 181), ("anamorphic.mp4", 480, 270),
    ])
    func aPosterIsDecodedUpright(_ name: String, _ width: Int, _ height: Int) throws {
        let poster = try PosterFrame.extract(from: MediaProbeTests.path(name))
        #expect(poster.width == width)
        #expect(poster.height == height)
        #expect(poster.rgb.count == width * height * 3)
        // testsrc draws colour bars: a decoded frame is not one flat colour.
        #expect(Set(poster.rgb).count > 16)
    }

    @Test func rotationMovesPixelsClockwise() {
        // 2×1: red, blue.
        let picture = RGBPicture(width: 2, height: 1, rgb: [255, 0, 0, 0, 0, 255])
        func turned(_ degrees: Int, mirrored: Bool = false) -> RGBPicture {
            picture.applying(DisplayTransform(clockwise: degrees, mirrored: mirrored))
        }
        #expect(turned(90) == RGBPicture(width: 1, height: 2, rgb: [255, 0, 0, 0, 0, 255]))
        #expect(turned(180) == RGBPicture(width: 2, height: 1, rgb: [0, 0, 255, 255, 0, 0]))
        #expect(turned(270) == RGBPicture(width: 1, height: 2, rgb: [0, 0, 255, 255, 0, 0]))
        #expect(turned(0) == picture)
        #expect(turned(0, mirrored: true) == RGBPicture(width: 2, height: 1, rgb: [0, 0, 255, 255, 0, 0]))
    }

    @Test func theSearchSettlesForTheLatestFrameWithinItsBudget() throws {
        let path = MediaProbeTests.path("long.mp4")
        let atOneSecond = try PosterFrame.extract(from: path)
        let early = try PosterFrame.extract(from: path, packetBudget: 2)
        #expect(early.width == atOneSecond.width && early.height == atOneSecond.height)
        // testsrc counts its frames in the picture: frame 2 is not frame 30.
        #expect(early.rgb != atOneSecond.rgb)
    }

    @Test func aFileWithNoPictureHasNoPoster() {
        #expect(throws: AVFailure.self) { try PosterFrame.extract(from: MediaProbeTests.path("tone.m4a")) }
        #expect(throws: AVFailure.self) { try PosterFrame.extract(from: MediaProbeTests.path("corrupt.mp4")) }
    }
}
