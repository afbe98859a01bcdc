import Foundation
import KilnCore
import Testing

@testable import KilnImaging

struct ImagePipelineTests {
    static let processor = try! ImageProcessor(maxPixels: 100_000_000, concurrency: 2)

    func process(_ name: String, mimeType: String, fullImage: Bool = false) async throws -> ProcessedImage {
        try await Self.processor.process(path: ImagingFixtures.path(name), mimeType: mimeType, fullImage: fullImage)
    }

    func variant(_ image: ProcessedImage, _ name: String) throws -> ImageVariant {
        try #require(image.variants.first { $0.name == name })
    }

    @Test(arguments: 1...8)
    func everyOrientationIsServedUpright(_ orientation: Int) async throws {
        let image = try await process("orientation-\(orientation).jpg", mimeType: "image/jpeg")
        #expect(image.header.orientation == orientation)
        #expect(image.header.width == 90)
        #expect(image.header.height == 60)
        let large = try ImagingFixtures.decode(try variant(image, "large").bytes)
        #expect(large.width == 90 && large.height == 60)
        #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(large, x: 10, y: 10), to: [255, 0, 0]))
        #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(large, x: 80, y: 10), to: [0, 255, 0]))
        #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(large, x: 10, y: 50), to: [0, 0, 255]))
        #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(large, x: 80, y: 50), to: [255, 255, 255]))
        #expect(!large.hasField("orientation") || large.orientation == 1)
    }

    @Test func theLadderShrinksTheLongestSideAndNeverUpscales() async throws {
        let big = try await process("large.jpg", mimeType: "image/jpeg")
        #expect(big.variants.map(\.name) == ["large", "medium", "small"])
        #expect(try [variant(big, "large"), variant(big, "medium"), variant(big, "small")].map { [$0.width, $0.height] }
            == [[1500, 1000], [600, 400], [160, 107]])
        #expect(!big.isFull)

        let full = try await process("large.jpg", mimeType: "image/jpeg", fullImage: true)
        #expect(full.variants.map(\.name) == ["full", "large", "medium", "small"])
        #expect(try variant(full, "full").width == 2400)
        #expect(full.isFull)

        let small = try await process("orientation-1.jpg", mimeType: "image/jpeg")
        #expect(small.variants.allSatisfy { $0.width == 90 && $0.height == 60 })
    }

    @Test func exifAndGPSAreReadAndNeverServed() async throws {
        let image = try await process("exif-gps.jpg", mimeType: "image/jpeg")
        #expect(image.exif["Make"] == "Kiln Camera Co")
        #expect(image.exif["Model"] == "Model K1")
        #expect(image.exif["LensModel"] == "Kiln 35mm F1.8")
        #expect(image.exif["Software"] == "kiln fixtures")
        #expect(image.exif["DateTimeOriginal"] == "2024:05:06 07:08:09")
        #expect(image.exif["ExposureTime"] == "1/125")
        #expect(image.exif["FNumber"] == 2.8)
        #expect(image.exif["ISOSpeedRatings"] == 400)
        #expect(image.exif["FocalLength"] == 35)
        let latitude = try #require(image.gps["latitude"]?.number)
        let longitude = try #require(image.gps["longitude"]?.number)
        #expect(abs(latitude - 48.85837) < 0.00001)
        #expect(abs(longitude - 2.294481) < 0.00001)
        #expect(image.gps["altitude"] == 35.5)
        for variant in image.variants {
            let served = try ImagingFixtures.decode(variant.bytes)
            let leaked = served.fieldNames.filter { $0.hasPrefix("exif-") || $0.hasPrefix("xmp") || $0.hasPrefix("iptc") }
            #expect(leaked.isEmpty, "\(variant.name) still carries \(leaked)")
            #expect(!variant.bytes.containsSequence(Array("Kiln Camera Co".utf8)))
            #expect(!variant.bytes.containsSequence(Array("secret title".utf8)))
        }

        let southWest = try await process("gps-south-west.jpg", mimeType: "image/jpeg")
        #expect(try #require(southWest.gps["latitude"]?.number) < 0)
        #expect(try #require(southWest.gps["longitude"]?.number) < 0)
        #expect(southWest.gps["altitude"] == -12)
        #expect(try await process("orientation-1.jpg", mimeType: "image/jpeg").gps.isEmpty)
    }

    @Test func theICCProfileIsKept() async throws {
        let image = try await process("icc-p3.jpg", mimeType: "image/jpeg")
        for variant in image.variants {
            #expect(try ImagingFixtures.decode(variant.bytes).hasField("icc-profile-data"), "\(variant.name)")
        }
    }

    @Test func alphaStaysAsPNG() async throws {
        let image = try await process("alpha.png", mimeType: "image/png")
        #expect(image.header.hasAlpha)
        #expect(image.variants.allSatisfy { $0.mimeType == "image/png" })
        #expect(try ImagingFixtures.decode(variant(image, "small").bytes).hasAlpha)
    }

    @Test(arguments: [("animated.gif", "image/gif"), ("animated.webp", "image/webp")])
    func animationsStayAnimated(_ name: String, _ mimeType: String) async throws {
        let image = try await process(name, mimeType: mimeType)
        #expect(image.header.frames == 3)
        #expect(image.metadata["frames"] == 3)
        for variant in image.variants {
            #expect(variant.mimeType == mimeType)
            let served = try ImagingFixtures.decode(variant.bytes, allPages: true)
            #expect(served.pageCount == 3, "\(variant.name)")
            #expect(variant.width == 64 && variant.height == 48)
        }
    }

    @Test(arguments: [
        ("photo.heic", "image/heic"), ("photo.avif", "image/avif"), ("photo.tiff", "image/tiff"), ("cmyk.jpg", "image/jpeg"),
        ("rgb16.png", "image/png"),
    ])
    func otherSourcesAreServedAsJPEGInSRGB(_ name: String, _ mimeType: String) async throws {
        let image = try await process(name, mimeType: mimeType)
        for variant in image.variants {
            #expect(variant.mimeType == "image/jpeg")
            let served = try ImagingFixtures.decode(variant.bytes)
            #expect(served.bands == 3)
            #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(served, x: 10, y: 10), to: [255, 0, 0], tolerance: 60), "\(name) \(variant.name)")
        }
    }

    @Test func aDecompressionBombIsRefusedFromItsHeader() async throws {
        await #expect {
            try await process("bomb.png", mimeType: "image/png")
        } throws: { error in
            guard case ImageRejection.tooManyPixels(let header, let limit) = error else { return false }
            return header.pixelCount == 400_000_000 && limit == 100_000_000
        }
    }

    @Test(arguments: ["truncated.jpg", "corrupt.png"])
    func brokenFilesAreRefusedWithTheLoadersReason(_ name: String) async throws {
        await #expect {
            try await process(name, mimeType: name.hasSuffix("png") ? "image/png" : "image/jpeg")
        } throws: { error in
            guard case ImageRejection.undecodable(let reason) = error else { return false }
            return !reason.isEmpty
        }
    }

    @Test func theBlurHashComesFromTheImage() async throws {
        let image = try await process("orientation-6.jpg", mimeType: "image/jpeg")
        #expect(image.blurHash.count == 28)
        #expect(image.blurHash == (try await process("orientation-1.jpg", mimeType: "image/jpeg")).blurHash)
    }
}


extension JSONValue {
    var number: Double? { if case .number(let value) = self { return value }; return nil }
}

struct PosterEncoderTests {
    @Test func aPosterBecomesAJPEGWithItsBlurHash() async throws {
        let width = 64, height = 36
        var rgb: [UInt8] = []
        for y in 0..<height { for x in 0..<width { rgb += [UInt8(x * 4), UInt8(y * 7), 128] } }
        let poster = try await ImagePipelineTests.processor.encodePoster(rgb: rgb, width: width, height: height)
        #expect(poster.jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
        #expect(poster.blurHash.count == 28)
        let decoded = try ImagingFixtures.decode(poster.jpeg)
        #expect(decoded.width == width && decoded.height == height)
        #expect(ImagingFixtures.isClose(try ImagingFixtures.colour(decoded, x: 60, y: 2), to: [240, 14, 128]))
    }
}
