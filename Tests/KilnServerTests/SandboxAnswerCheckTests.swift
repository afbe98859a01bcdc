import KilnCore
import Testing

@testable import KilnDecoding
@testable import KilnVideo

/// A child that decoded hostile input may have been taken over: what it says reaches a store, a
/// playlist or a picture encoder only once it fits the job the parent asked for.
struct SandboxAnswerCheckTests {
    static let ladder = DecodeJob.ladder(
        input: "/in", targets: [RenditionTarget(rung: Rung(name: "720p", width: 1280, height: 720, maxBitRate: 3_500_000), path: "/out")],
        hls: true)

    static func refuses(_ job: DecodeJob, _ message: SandboxMessage, payload: [UInt8] = []) -> Bool {
        do {
            _ = try SandboxAnswerCheck(job: job).event(of: message, payload: payload)
            return false
        } catch let failure as SandboxFailure {
            return failure.kind == .decoderCrashed
        } catch {
            return false
        }
    }

    @Test func honestAnswersPassAsTheirEvents() throws {
        let poster = try SandboxAnswerCheck(job: .poster(input: "/in")).event(
            of: .poster(width: 2, height: 1), payload: [1, 2, 3, 4, 5, 6])
        guard case .poster(let picture) = poster else {
            Issue.record("no poster: \(String(describing: poster))")
            return
        }
        #expect(picture == RGBPicture(width: 2, height: 1, rgb: [1, 2, 3, 4, 5, 6]))
        let header = HLSRungHeader(name: "720p", width: 1280, height: 720, codecs: "avc1.64001f,mp4a.40.2", frameRate: 30)
        #expect(try SandboxAnswerCheck(job: Self.ladder).event(of: .hlsInitialization(header), payload: [0]) != nil)
        #expect(try SandboxAnswerCheck(job: Self.ladder).event(of: .hlsSegment(rung: "720p", index: 0, seconds: 4), payload: [0]) != nil)
        let probed = MediaInfo(width: 1920, height: 1080, rotation: 90, duration: 12.5, frameRate: 30, bitRate: 4_000_000)
        guard case .probed(let info) = try SandboxAnswerCheck(job: .probe(input: "/in")).event(of: .probed(probed), payload: [])
        else {
            Issue.record("no probe")
            return
        }
        #expect(info == probed)
    }

    @Test func aPosterClaimingMorePixelsThanItCarriesIsTheChildsCrash() {
        #expect(Self.refuses(.poster(input: "/in"), .poster(width: 4096, height: 4096), payload: [0, 0, 0]))
        #expect(Self.refuses(.poster(input: "/in"), .poster(width: -1, height: -3), payload: [0, 0, 0]))
        #expect(Self.refuses(.poster(input: "/in"), .poster(width: 1 << 40, height: 0), payload: []))
    }

    @Test func answersToAnotherJobAreRefused() {
        #expect(Self.refuses(.probe(input: "/in"), .poster(width: 1, height: 1), payload: [0, 0, 0]))
        #expect(Self.refuses(.poster(input: "/in"), .probed(MediaInfo(rotation: 0))))
        #expect(Self.refuses(.probe(input: "/in"), .hlsSegment(rung: "720p", index: 0, seconds: 4)))
    }

    @Test func hlsPiecesOnlyOfTheRungsAskedForWithSaneNumbers() {
        for rung in ["1080p", "720P", "../720p", "720p/x", ""] {
            #expect(Self.refuses(Self.ladder, .hlsSegment(rung: rung, index: 0, seconds: 4)), "\(rung)")
        }
        for (index, seconds) in [(-1, 4.0), (Int.max, 4), (0, .nan), (0, .infinity), (0, 0), (0, -4)] {
            #expect(Self.refuses(Self.ladder, .hlsSegment(rung: "720p", index: index, seconds: seconds)), "\(index) \(seconds)")
        }
        let noHLS = DecodeJob.ladder(input: "/in", targets: [], hls: false)
        #expect(Self.refuses(noHLS, .hlsSegment(rung: "720p", index: 0, seconds: 4)))
    }

    @Test func aCodecListThatWouldWriteIntoThePlaylistIsRefused() {
        for codecs in ["avc1.64001f\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://elsewhere", "", String(repeating: "a", count: 300)] {
            let header = HLSRungHeader(name: "720p", width: 1280, height: 720, codecs: codecs, frameRate: 30)
            #expect(Self.refuses(Self.ladder, .hlsInitialization(header)), "\(codecs)")
        }
    }

    @Test func probesWithImpossibleFactsAreRefused() {
        let impossible = [
            MediaInfo(width: 0, height: 1080, rotation: 0), MediaInfo(width: 1920, height: -1, rotation: 0),
            MediaInfo(rotation: 45), MediaInfo(rotation: 0, duration: .nan), MediaInfo(rotation: 0, duration: 1e300),
            MediaInfo(rotation: 0, frameRate: -30), MediaInfo(rotation: 0, bitRate: -1),
        ]
        for info in impossible { #expect(Self.refuses(.probe(input: "/in"), .probed(info)), "\(info)") }
        #expect(Self.refuses(Self.ladder, .progress(.nan)))
    }
}
