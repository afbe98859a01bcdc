import Foundation
import KilnCore
import Testing

struct ByteRangeTests {
    @Test func closedOpenAndSuffixRanges() {
        #expect(RangeRequest(header: "bytes=0-9", size: 100) == .partial(0...9))
        #expect(RangeRequest(header: "bytes=90-", size: 100) == .partial(90...99))
        #expect(RangeRequest(header: "bytes=-10", size: 100) == .partial(90...99))
        #expect(RangeRequest(header: "bytes=-1000", size: 100) == .partial(0...99))
        #expect(RangeRequest(header: "bytes=95-1000", size: 100) == .partial(95...99))
        #expect(RangeRequest(header: "BYTES = 5-5".replacingOccurrences(of: " = ", with: "="), size: 100) == .partial(5...5))
    }

    @Test func rangesPastTheEndAreUnsatisfiable() {
        #expect(RangeRequest(header: "bytes=100-", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=100-200", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=-0", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=99999999999999999999999-", size: 100) == .unsatisfiable)
    }

    @Test func anythingElseIsAnsweredWithTheWholeFile() {
        #expect(RangeRequest(header: nil, size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=0-1,5-6", size: 100) == .whole)
        #expect(RangeRequest(header: "items=0-1", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=9-1", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=a-b", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=-", size: 100) == .whole)
    }
}

struct RenditionLadderTests {
    func sizes(_ width: Int, _ height: Int) -> [String] {
        RenditionLadder.rungs(width: width, height: height).map { "\($0.name) \($0.width)x\($0.height)" }
    }

    @Test func landscapeGetsTheStandardSizesAtOrBelowItsShortSide() {
        #expect(sizes(1920, 1080) == ["1080p 1920x1080", "720p 1280x720", "480p 854x480", "360p 640x360", "original 1920x1080"])
        #expect(sizes(1280, 720) == ["720p 1280x720", "480p 854x480", "360p 640x360", "original 1280x720"])
    }

    @Test func portraitIsTransposed() {
        #expect(sizes(1080, 1920) == ["1080p 1080x1920", "720p 720x1280", "480p 480x854", "360p 360x640", "original 1080x1920"])
    }

    @Test func otherRatiosKeepTheirRatioWithEvenSides() {
        #expect(sizes(1000, 1000) == ["720p 720x720", "480p 480x480", "360p 360x360", "original 1000x1000"])
        #expect(sizes(321, 181) == ["original 322x182"])
        #expect(sizes(426, 240) == ["original 426x240"])
        #expect(sizes(3840, 1600) == ["1080p 2592x1080", "720p 1728x720", "480p 1152x480", "360p 864x360", "original 3840x1600"])
    }
}
