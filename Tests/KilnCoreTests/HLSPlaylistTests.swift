import Foundation
import Testing

@testable import KilnCore

struct HLSPlaylistTests {
    static let ladder = HLSPresentation(
        attempt: "0badcafe",
        variants: [
            HLSVariant(name: "720p", width: 1280, height: 720, codecs: "avc1.64001f,mp4a.40.2", frameRate: 29.97, peakBitRate: 3_000_001, averageBitRate: 2_500_000),
            HLSVariant(name: "360p", width: 640, height: 360, codecs: "avc1.64001e,mp4a.40.2", frameRate: 29.97, peakBitRate: 900_000, averageBitRate: 700_000),
        ],
        segments: [2.002, 4.004], isComplete: false)

    @Test func theMasterPlaylistDescribesEveryRungInOrder() {
        #expect(HLSPlaylist.master(Self.ladder, query: "exp=1&sig=ab") == """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=3000001,AVERAGE-BANDWIDTH=2500000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970
            720p.m3u8?exp=1&sig=ab
            #EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970
            360p.m3u8?exp=1&sig=ab

            """)
    }

    @Test func aGrowingMediaPlaylistHasNoEndUntilComplete() throws {
        let growing = try #require(HLSPlaylist.media(Self.ladder, variant: "360p", query: nil))
        #expect(growing == """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:4
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:EVENT
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="0badcafe/360p/init.mp4"
            #EXTINF:2.002,
            0badcafe/360p/0.m4s
            #EXTINF:4.004,
            0badcafe/360p/1.m4s

            """)
        var complete = Self.ladder
        complete.isComplete = true
        #expect(try #require(HLSPlaylist.media(complete, variant: "360p", query: nil)).hasSuffix("1.m4s\n#EXT-X-ENDLIST\n"))
        #expect(HLSPlaylist.media(complete, variant: "1080p", query: nil) == nil)
    }

    @Test func aLongSegmentRaisesTheTargetDurationAndDecimalsStayPlain() {
        var ladder = Self.ladder
        ladder.segments = [2, 6.6, 4]
        #expect(ladder.targetDuration == 7)
        #expect(HLSPlaylist.decimal(0.0004) == "0.000" && HLSPlaylist.decimal(12.3456) == "12.346" && HLSPlaylist.decimal(4) == "4.000")
    }

    @Test func aFileTellsWhetherItsLadderIsPlayableWithoutDecodingIt() {
        var file = StoredFile(
            id: FileID.random(), uploaderId: "alice", type: .video, accessType: .public, altText: nil, feedType: nil,
            status: .transcoding, name: "a.mp4", fileExtension: "mp4", mimeType: "video/mp4", size: 1,
            createdAt: .distantPast, updatedAt: .distantPast)
        #expect(!file.hasPlayableHLS)
        var announced = Self.ladder
        announced.segments = []
        file.metadata[HLSPresentation.metadataKey] = announced.jsonValue
        #expect(!file.hasPlayableHLS && file.hls?.isPlayable == false)
        file.metadata[HLSPresentation.metadataKey] = Self.ladder.jsonValue
        #expect(file.hasPlayableHLS && file.hls?.isPlayable == true)
    }

    @Test func aRetiredTreeNamesTheSegmentsARungMayHaveWrittenPastThePublishedOnes() {
        let tree = RetiredHLSTree(Self.ladder)
        #expect(Self.ladder.blobs.count == 2 * 3)
        #expect(tree.blobsToDelete.count == 2 * 5)
        #expect(tree.blobsToDelete.contains("hls-0badcafe-720p-3") && tree.blobsToDelete.contains("hls-0badcafe-360p-init"))
        #expect(HLSPresentation.segmentStart(0) == 0 && HLSPresentation.segmentStart(1) == 2 && HLSPresentation.segmentStart(3) == 10)
    }
}
