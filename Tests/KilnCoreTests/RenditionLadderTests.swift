import KilnCore
import Testing

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

    @Test func aCopyableSourceIsRemuxedAsOriginal() {
        let plan = RenditionLadder.plan(width: 1920, height: 1080, remuxesOriginal: true)
        #expect(plan.encoded.map(\.name) == ["1080p", "720p", "480p", "360p"])
        #expect(plan.remuxesOriginal && plan.aliases.isEmpty)
    }

    /// Below the lowest rung, `original` is the only variant HLS can have, so it is encoded, never copied.
    @Test func aSourceBelowTheLowestRungHasItsOriginalEncodedEvenWhenCopyable() {
        let plan = RenditionLadder.plan(width: 426, height: 240, remuxesOriginal: true)
        #expect(plan.encoded == [Rung(name: "original", width: 426, height: 240, maxBitRate: 800_000)])
        #expect(!plan.remuxesOriginal && plan.aliases.isEmpty)
    }

    @Test func anOriginalOfARungsSizeSharesThatRungsFile() {
        let plan = RenditionLadder.plan(width: 1280, height: 720, remuxesOriginal: false)
        #expect(plan.encoded.map(\.name) == ["720p", "480p", "360p"])
        #expect(plan.aliases == ["original": "720p"])
    }

    @Test func anOriginalOfItsOwnSizeIsEncoded() {
        let plan = RenditionLadder.plan(width: 426, height: 240, remuxesOriginal: false)
        #expect(plan.encoded.map(\.name) == ["original"])
        #expect(!plan.remuxesOriginal && plan.aliases.isEmpty)
    }
}
