import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// With `KILN_SANDBOX_IMAGES` on, each image upload runs the image pipeline in a sandboxed child: the
/// node answers what it answers in process, and a child that crashes or goes past its limits costs
/// its own upload only. The child's libvips runs without its run-time compiled vector code (the
/// filter allows no executable memory), whose plain C paths may put a pixel a few levels apart: the
/// sizes, their dimensions and the metadata are the same, the BlurHash the same within that rounding.
struct SandboxedImageTests {
    /// Every format the image endpoint takes, with and without `fullImage`, and the refusals.
    static let uploads: [(name: String, fullImage: Bool)] = [
        ("exif-gps.jpg", false), ("gps-south-west.jpg", false), ("orientation-6.jpg", false), ("cmyk.jpg", false),
        ("icc-p3.jpg", false), ("large.jpg", true), ("large.jpg", false), ("photo.png", false), ("alpha.png", true),
        ("rgb16.png", false), ("animated.gif", false), ("animated.webp", false), ("photo.heic", false), ("photo.avif", false),
        ("photo.tiff", false), ("bomb.png", false), ("truncated.jpg", false), ("cut-scan.jpg", true), ("corrupt.png", false),
    ]

    /// What a node made of one upload: its answer's status and metadata (or message), and each
    /// stored size's type and dimensions.
    struct Made: Equatable {
        var status: HTTPResponse.Status
        var answer: JSONValue?
        var sizes: [String: [String]] = [:]
    }

    func made(by kiln: TestKiln) async throws -> [Made] {
        let alice = try await kiln.authorization()
        let answers = try await kiln.run { client in
            var answers: [(TestResponse, String?)] = []
            for (name, fullImage) in Self.uploads {
                let response = try await client.upload(
                    .file(try ImageUploadTests.fixture(name), filename: name, fields: [("fullImage", String(fullImage))]),
                    to: "/api/v4/images", headers: alice)
                let id = response.json[0]?["fileId"]?.string
                for size in ["small", "medium", "large", "full"] where id != nil {
                    let download = try await client.executeRequest(
                        uri: "/api/v3/files/\(id!)/download?size=\(size)", method: .get, headers: alice, body: nil)
                    #expect(download.status == .ok, "\(name) \(size)")
                }
                answers.append((response, id))
            }
            return answers
        }
        var made: [Made] = []
        for (response, id) in answers {
            guard let id, let file = try await kiln.database().file(id: FileID(rawValue: id)!) else {
                made.append(Made(status: response.status, answer: response.json["message"]))
                continue
            }
            made.append(
                Made(
                    status: response.status, answer: response.json[0]?["attributes"]?["metadata"],
                    sizes: file.variants.mapValues { [$0.mimeType, "\($0.width ?? 0)×\($0.height ?? 0)"] }))
        }
        return made
    }

    @Test func aSandboxedImageIsTheImageMadeInProcess() async throws {
        let inProcess = try TestKiln()
        defer { inProcess.removeData() }
        var sandboxed = try TestKiln()
        defer { sandboxed.removeData() }
        sandboxed.configuration.sandbox.includesImages = true
        #expect(sandboxed.configuration.sandbox.sandboxesImages && !inProcess.configuration.sandbox.sandboxesImages)

        let expected = try await made(by: inProcess)
        let got = try await made(by: sandboxed)
        #expect(expected.filter { $0.status == .ok }.count == 15)
        #expect(expected[5].answer?["isFull"]?.bool == true && expected[5].sizes["full"] == ["image/jpeg", "2400×1600"])
        #expect(expected[0].answer?["gps"]?["latitude"]?.number != nil)
        for ((name, _), (want, have)) in zip(Self.uploads, zip(expected, got)) {
            #expect(have.status == want.status, "\(name)")
            #expect(have.sizes == want.sizes, "\(name)")
            var wantMetadata = want.answer?.objectValue, haveMetadata = have.answer?.objectValue
            let wantHash = wantMetadata?.removeValue(forKey: "blurHash")?.string
            let haveHash = haveMetadata?.removeValue(forKey: "blurHash")?.string
            #expect(haveMetadata == wantMetadata, "\(name)")
            if want.status != .ok { #expect(have.answer == want.answer, "\(name)") }
            #expect(Self.closeBlurHashes(haveHash, wantHash), "\(name): \(haveHash ?? "none") against \(wantHash ?? "none")")
        }
    }

    /// Whether two BlurHashes differ by no more than rounding: the same components, the same average
    /// colour within 3 levels a channel, each quantised AC value within 1 step.
    static func closeBlurHashes(_ one: String?, _ other: String?) -> Bool {
        guard let one, let other else { return one == other }
        let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~")
        func value(_ hash: [Character], _ range: Range<Int>) -> Int { hash[range].reduce(0) { $0 * 83 + digits.firstIndex(of: $1)! } }
        let a = Array(one), b = Array(other)
        guard a.count == b.count, a.count >= 6, a.count % 2 == 0, a[0] == b[0], abs(value(a, 1..<2) - value(b, 1..<2)) <= 1 else {
            return false
        }
        let dcA = value(a, 2..<6), dcB = value(b, 2..<6)
        guard [16, 8, 0].allSatisfy({ abs(((dcA >> $0) & 0xFF) - ((dcB >> $0) & 0xFF)) <= 3 }) else { return false }
        return stride(from: 6, to: a.count, by: 2).allSatisfy { start in
            let acA = value(a, start..<start + 2), acB = value(b, start..<start + 2)
            return [361, 19, 1].allSatisfy { abs((acA / $0) % 19 - (acB / $0) % 19) <= 1 }
        }
    }

    /// `exif-gps.jpg` with a JPEG comment after its start marker asking the child for `fault`: still
    /// an image every decoder reads.
    static func image(asking fault: String) throws -> [UInt8] {
        let jpeg = try ImageUploadTests.fixture("exif-gps.jpg")
        let comment = Array("kiln-fault:\(fault)".utf8)
        let length = UInt16(2 + comment.count)
        return Array(jpeg[..<2]) + [0xFF, 0xFE, UInt8(length >> 8), UInt8(length & 0xFF)] + comment + Array(jpeg[2...])
    }

    /// `DecodingSandboxTests.faultyKiln`'s small limits, with images in the sandbox.
    static func sandboxedFaultyKiln(imageWorkers: Int = 8, queue: Int = 16, inspectionCPUSeconds: UInt64 = 1) throws -> TestKiln {
        var kiln = try DecodingSandboxTests.faultyKiln(inspectionCPUSeconds: inspectionCPUSeconds)
        kiln.configuration.sandbox.includesImages = true
        kiln.configuration.imageWork = ImageWorkSettings(workers: imageWorkers, queueLimit: queue)
        return kiln
    }

    @Test func aCrashingSpinningAllocatingOrHangingImageChildCostsOnlyItsUpload() async throws {
        let kiln = try Self.sandboxedFaultyKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let faults = ["crash", "spin", "allocate", "hang"]
        try await kiln.run(.ahc()) { client in
            let answers = try await withThrowingTaskGroup(of: (String, TestResponse).self) { group in
                for fault in faults + ["none"] {
                    group.addTask {
                        let form = MultipartForm.file(try Self.image(asking: fault), filename: "\(fault).jpg")
                        return (fault, try await client.upload(form, to: "/api/v4/images", headers: alice))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for fault in faults {
                let response = try #require(answers[fault])
                #expect(response.status == .unprocessableContent, "\(fault): \(response.json)")
                let message = response.json["message"]?.string ?? ""
                let expected = fault == "crash" ? "the decoder crashed" : "the decoder went past its limits"
                #expect(message.hasPrefix("the upload cannot be read as an image: \(expected)"), "\(fault): \(message)")
                #expect(!message.contains(kiln.dataDirectory), "\(message)")
            }
            // An image that asks for nothing, beside them, and one after: the node goes on.
            #expect(answers["none"]?.status == .ok, "\(answers["none"]?.json ?? .null)")
            let after = try await client.upload(
                .file(try ImageUploadTests.fixture("photo.png"), filename: "photo.png"), to: "/api/v4/images", headers: alice)
            #expect(after.status == .ok, "\(after.json)")
            #expect(after.json[0]?["attributes"]?["metadata"]?["blurHash"]?.string?.isEmpty == false)
        }
        #expect(try await kiln.rowCount() == 2)
        #expect(kiln.storedBlobFiles.allSatisfy { !$0.hasPrefix(".tmp") }, "\(kiln.storedBlobFiles)")
    }

    /// The image workers' pool and queue stay in front of the children: past them, 503 as in process.
    @Test func sandboxedImagesPastTheImageQueueAre503WithRetryAfter() async throws {
        // As DecodingSandboxTests' media queue: the hanging child holds the worker for 60 s, long past
        // what a loaded machine takes to send the next upload.
        let kiln = try Self.sandboxedFaultyKiln(imageWorkers: 1, queue: 0, inspectionCPUSeconds: 15)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let log = RequestLogTests.CapturedLines()
        let photo = try ImageUploadTests.fixture("photo.png")
        try await kiln.run(.ahc(), logger: RequestLogTests.jsonLogger(into: log)) { client in
            // A hanging child holds the only image worker until its wall clock runs out: it has it
            // once the child says it is confined, the first child this node starts.
            async let hanging = client.upload(
                .file(try Self.image(asking: "hang"), filename: "hang.jpg"), to: "/api/v4/images", headers: alice)
            let confined = await eventually({
                log.objects.contains { ($0["message"] as? String)?.hasPrefix("decoding sandbox") == true }
            }) { $0 }
            #expect(confined)
            let busy = try await client.upload(.file(photo, filename: "photo.png"), to: "/api/v4/images", headers: alice)
            #expect(busy.status == .serviceUnavailable, "\(busy.json)")
            #expect(busy.headers[.retryAfter] == "1")
            let hung = try await hanging
            #expect(hung.status == .unprocessableContent, "\(hung.json)")
            // The worker is free again.
            let after = try await client.upload(.file(photo, filename: "photo.png"), to: "/api/v4/images", headers: alice)
            #expect(after.status == .ok, "\(after.json)")
        }
        #expect(try await kiln.rowCount() == 1)
    }
}
