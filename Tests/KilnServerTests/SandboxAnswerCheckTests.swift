import Foundation
import KilnCore
import Testing

@testable import KilnDecoding
@testable import KilnImaging
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

    /// What an honest image child sends for a real photo with EXIF and GPS, made in this process.
    static func honestImage(fullImage: Bool) throws -> (job: DecodeJob, frame: ImageFrame, payload: [UInt8]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("answer-check-\(UUID().uuidString).jpg").path
        FileManager.default.createFile(atPath: path, contents: Data(try TestKiln.fixture("images/exif-gps.jpg")))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try VipsRuntime.ensureStarted()
        let pipeline = ImagePipeline(path: path, mimeType: "image/jpeg", fullImage: fullImage, maxPixels: 50_000_000)
        let (message, payload) = SandboxMessage.frame(for: .image(try pipeline.run()))
        guard case .image(let frame) = message else { throw CancellationError() }
        return (.image(pipeline), frame, payload)
    }

    @Test(arguments: [false, true]) func anHonestImagePassesWithEverySizeItMade(fullImage: Bool) throws {
        let (job, frame, payload) = try Self.honestImage(fullImage: fullImage)
        #expect(!frame.gps.isEmpty && !frame.exif.isEmpty)
        guard case .image(let image) = try SandboxAnswerCheck(job: job).event(of: .image(frame), payload: payload) else {
            Issue.record("no image")
            return
        }
        guard case .image(let pipeline) = job else { return }
        #expect(image.variants.map(\.name) == pipeline.sizeNames)
        #expect(image.variants.flatMap(\.bytes) == payload)
        let refusal = ImageRejection.tooManyPixels(frame.header, limit: frame.header.pixelCount - 1)
        let smaller = DecodeJob.image(ImagePipeline(path: "/in", mimeType: "image/jpeg", fullImage: false, maxPixels: frame.header.pixelCount - 1))
        #expect(try SandboxAnswerCheck(job: smaller).event(of: .imageRefused(refusal), payload: []) != nil)
        #expect(try SandboxAnswerCheck(job: job).event(of: .imageRefused(.undecodable(detail: "VipsJpeg: premature end")), payload: []) != nil)
    }

    @Test func anImageAnswerThatDoesNotFitItsJobIsTheChildsCrash() throws {
        let (job, honest, payload) = try Self.honestImage(fullImage: false)
        var lies: [(String, ImageFrame, [UInt8])] = []
        func lie(_ what: String, payload lyingPayload: [UInt8]? = nil, _ change: (inout ImageFrame) -> Void) {
            var frame = honest
            change(&frame)
            lies.append((what, frame, lyingPayload ?? payload))
        }
        lie("a size it was not asked for") { $0.sizes[0].name = "../../other-file" }
        lie("a size missing") { $0.sizes.removeLast() }
        lie("sizes in two formats") { $0.sizes[1].mimeType = "image/png"; $0.sizes[1].fileExtension = "png" }
        lie("a format the pipeline never writes") {
            for index in $0.sizes.indices { $0.sizes[index].mimeType = "text/html"; $0.sizes[index].fileExtension = "html" }
        }
        lie("more bytes claimed than sent") { $0.sizes[0].byteCount += 1 }
        lie("a byte count past Int") { $0.sizes[0].byteCount = .max }
        lie("bytes left over", payload: payload + [0]) { _ in }
        lie("no pixels") { $0.sizes[2].width = 0 }
        lie("more pixels than the limit") { $0.sizes[0].width = 1 << 40; $0.sizes[0].height = 1 << 40 }
        lie("a header past the limit") {
            $0.header = ImageHeader(storedWidth: 1 << 40, storedHeight: 1 << 40, frames: 1 << 40, orientation: 1, hasAlpha: false)
        }
        lie("an orientation EXIF has not") {
            $0.header = ImageHeader(storedWidth: 10, storedHeight: 10, frames: 1, orientation: 9, hasAlpha: false)
        }
        lie("a full image nobody asked for") { $0.isFull = true }
        lie("a BlurHash encode never makes") { $0.blurHash = "<script>" }
        lie("metadata that is not a reading") { $0.exif["Make"] = .object(["nested": .array([.null])]) }
        lie("a reading past EXIF's size") { $0.exif["Model"] = .string(String(repeating: "x", count: 70_000)) }
        lie("a position that is not a number") { $0.gps["latitude"] = .number(.nan) }
        lie("too many readings") { for index in 0..<40 { $0.gps["reading\(index)"] = .number(1) } }
        for (what, frame, lyingPayload) in lies {
            #expect(Self.refuses(job, .image(frame), payload: lyingPayload), "\(what)")
        }
        #expect(Self.refuses(.poster(input: "/in"), .image(honest), payload: payload))
        #expect(Self.refuses(job, .imageRefused(.undecodable(detail: "x")), payload: [1]))
        #expect(Self.refuses(job, .imageRefused(.undecodable(detail: String(repeating: "x", count: 70_000)))))
        let tiny = ImageHeader(storedWidth: 2, storedHeight: 2, frames: 1, orientation: 1, hasAlpha: false)
        #expect(Self.refuses(job, .imageRefused(.tooManyPixels(tiny, limit: 1))), "another limit than the job's")
        #expect(Self.refuses(job, .imageRefused(.tooManyPixels(tiny, limit: 50_000_000))), "within the limit")
        #expect(Self.refuses(.probe(input: "/in"), .imageRefused(.undecodable(detail: "x"))))
    }
}
