import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnImaging
@testable import KilnServer

/// Sizes asked for by URL (`w`, `h`, `resize`, `crop`, as Stream's image URLs carry them): each
/// mode's size by its rule, made once and kept, bounded, and served as every download is.
struct ImageSizesOnRequestTests {
    /// Width and height of an encoded image, as libvips reads it.
    static func dimensions(_ bytes: [UInt8]) throws -> (Int, Int) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("size-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try VipsRuntime.ensureStarted()
        let image = try ImageProcessor.open(path, mimeType: "image/jpeg")
        return (image.width, image.height)
    }

    static func upload(_ client: some TestClientProtocol, _ fixture: String, headers: HTTPFields, fields: [(String, String)] = [])
        async throws -> String
    {
        let form = MultipartForm.file(try ImageUploadTests.fixture(fixture), filename: fixture, fields: fields)
        return try #require(try await client.upload(form, to: "/api/v4/images", headers: headers).json[0]?["fileId"]?.string)
    }

    static func get(_ client: some TestClientProtocol, _ id: String, _ query: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await client.executeRequest(uri: "/api/v3/files/\(id)/download?\(query)", method: .get, headers: headers, body: nil)
    }

    @Test func everyModeComesOutAtTheSizeItsRuleSays() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        // large.jpg is 2400 × 1600.
        let cases: [(String, (Int, Int))] = [
            ("w=300&h=300", (300, 200)), ("w=300&h=300&resize=clip", (300, 200)), ("h=100", (150, 100)),
            ("w=3000", (2400, 1600)), ("w=300&h=300&resize=crop", (300, 300)), ("w=3000&h=400&resize=crop", (2400, 320)),
            ("w=200&h=100&resize=crop&crop=top", (200, 100)), ("w=200&h=100&resize=crop&crop=left", (200, 100)),
            ("w=300&h=300&resize=fill", (300, 300)), ("w=300&h=100&resize=scale", (300, 100)),
            ("w=4000&h=10&resize=scale", (4000, 10)),
        ]
        try await kiln.run { client in
            let id = try await Self.upload(client, "large.jpg", headers: alice)
            for (query, size) in cases {
                let answer = try await Self.get(client, id, query)
                #expect(answer.status == .ok && answer.headers[.contentType] == "image/jpeg", "\(query)")
                let made = try Self.dimensions(answer.bytes)
                #expect(made == size, "\(query): \(made)")
            }
            let top = try await Self.get(client, id, "w=200&h=100&resize=crop&crop=top").bytes
            let bottom = try await Self.get(client, id, "w=200&h=100&resize=crop&crop=bottom").bytes
            #expect(top != bottom, "top and bottom crops cut different parts")

            // A PNG with alpha stays a PNG with alpha.
            let alpha = try await Self.upload(client, "alpha.png", headers: alice)
            let png = try await Self.get(client, alpha, "w=30")
            #expect(png.headers[.contentType] == "image/png")
            #expect(try Self.dimensions(png.bytes) == (30, 20))
        }
    }

    @Test func aSizeIsMadeOnceKeptAndServedAsEveryDownloadIs() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await Self.upload(client, "large.jpg", headers: alice)
            let before = kiln.storedBlobFiles.count
            let first = try await Self.get(client, id, "w=120&h=80&resize=crop")
            #expect(kiln.storedBlobFiles.count == before + 1)
            let again = try await Self.get(client, id, "resize=crop&h=80&w=120")
            #expect(again.bytes == first.bytes && again.headers[.eTag] == first.headers[.eTag])
            #expect(kiln.storedBlobFiles.count == before + 1)
            let etag = try #require(first.headers[.eTag])
            #expect(try await Self.get(client, id, "w=120&h=80&resize=crop", headers: [.ifNoneMatch: etag]).status == .notModified)
            let range = try await Self.get(client, id, "w=120&h=80&resize=crop", headers: [.range: "bytes=0-9"])
            #expect(range.status == .partialContent && range.bytes == Array(first.bytes.prefix(10)))
            #expect(first.headers[.cacheControl] == DownloadPolicy.cacheControl(for: .public))

            // Eight first requests at once make one blob.
            let answers = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<8 { group.addTask { try await Self.get(client, id, "w=64&h=64&resize=fill").bytes } }
                return try await group.reduce(into: [[UInt8]]()) { $0.append($1) }
            }
            #expect(Set(answers).count == 1)
            #expect(kiln.storedBlobFiles.count == before + 2)
            let row = try #require(try await kiln.database().file(id: FileID(rawValue: id)!))
            #expect(row.variants["w64-h64-fill"]?.width == 64 && row.variants["w120-h80-crop-center"]?.height == 80)
        }
    }

    @Test func limitsAndMalformedSizesAreClear400s() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await Self.upload(client, "exif-gps.jpg", headers: alice)
            for query in [
                "w=0", "w=4097", "w=abc", "w=10&resize=crop", "w=10&h=10&resize=stretch", "w=10&h=10&resize=crop&crop=middle",
                "w=10&size=small",
            ] {
                let answer = try await Self.get(client, id, query)
                #expect(answer.status == .badRequest && answer.json["message"]?.string?.isEmpty == false, "\(query): \(answer.json)")
            }
            for width in 1...ImageSizesOnRequest.maxSizesPerImage {
                #expect(try await Self.get(client, id, "w=\(width)").status == .ok)
            }
            let past = try await Self.get(client, id, "w=\(ImageSizesOnRequest.maxSizesPerImage + 1)")
            #expect(past.status == .badRequest && past.json["message"]?.string?.contains("16 sizes") == true, "\(past.json)")
            #expect(try await Self.get(client, id, "w=3").status == .ok, "a size made before is still served")

            let animated = try await Self.upload(client, "animated.gif", headers: alice)
            let refused = try await Self.get(client, animated, "w=10")
            #expect(refused.status == .badRequest && refused.json["message"]?.string?.contains("animated") == true)
        }
    }

    @Test func aNetworkImagesSignedURLCoversItsSizes() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let form = MultipartForm.file(try ImageUploadTests.fixture("large.jpg"), filename: "p.jpg", fields: [("accessType", "network")])
            let object = try await client.upload(form, to: "/api/v4/images", headers: alice).json[0]
            let signed = try #require(object?["signedUrl"]?.string)
            let path = String(signed.dropFirst("http://kiln.test".count))
            let sized = try await client.executeRequest(uri: path + "&w=100&h=100&resize=crop", method: .get, headers: [:], body: nil)
            #expect(sized.status == .ok)
            #expect(try Self.dimensions(sized.bytes) == (100, 100))
            let id = try #require(object?["fileId"]?.string)
            #expect(try await Self.get(client, id, "w=100&h=100&resize=crop").status == .unauthorized)
        }
    }

    /// One image worker and no queue: sizes asked for at once are each made or 503 with
    /// `Retry-After`, never anything else, and each is made when asked again.
    @Test func sizesPastTheImageQueueAre503WithRetryAfterAndMadeWhenAskedAgain() async throws {
        var kiln = try TestKiln()
        kiln.configuration.imageWork = ImageWorkSettings(workers: 1, queueLimit: 0)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await Self.upload(client, "large.jpg", headers: alice)
            let widths = [200, 300, 400, 500, 600, 700]
            let answers = try await withThrowingTaskGroup(of: (Int, TestResponse).self) { group in
                for width in widths { group.addTask { (width, try await Self.get(client, id, "w=\(width)")) } }
                return try await group.reduce(into: [(Int, TestResponse)]()) { $0.append($1) }
            }
            for (width, answer) in answers {
                if answer.status == .ok {
                    #expect(try Self.dimensions(answer.bytes).0 == width)
                } else {
                    #expect(answer.status == .serviceUnavailable && answer.headers[.retryAfter] == "1", "\(answer.status)")
                }
            }
            for width in widths {
                let again = try await Self.get(client, id, "w=\(width)")
                #expect(again.status == .ok)
                #expect(try Self.dimensions(again.bytes).0 == width)
            }
        }
    }
}
