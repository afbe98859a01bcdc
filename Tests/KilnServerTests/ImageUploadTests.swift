import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct ImageUploadTests {
    static func fixture(_ name: String) throws -> [UInt8] { try TestKiln.fixture("images/\(name)") }

    func uploadImage(_ client: some TestClientProtocol, _ name: String, fields: [(String, String)] = [], headers: HTTPFields)
        async throws -> TestResponse
    {
        try await client.upload(.file(try Self.fixture(name), filename: name, fields: fields), to: "/api/v4/images", headers: headers)
    }

    @Test func anImageGetsItsAttributesAndEverySize() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await uploadImage(client, "exif-gps.jpg", fields: [("altText", "a test card")], headers: alice)
            #expect(response.status == .ok)
            let object = try #require(response.json[0])
            let id = try #require(object["fileId"]?.string)
            #expect(object["type"]?.string == "image")
            #expect(object["altText"]?.string == "a test card")
            let metadata = try #require(object["attributes"]?["metadata"])
            #expect(metadata["width"]?.number == 90)
            #expect(metadata["height"]?.number == 60)
            #expect(metadata["isFull"]?.bool == false)
            #expect(metadata["blurHash"]?.string?.count == 28)
            #expect(metadata["exif"]?["Model"]?.string == "Model K1")
            #expect(metadata["gps"]?["latitude"]?.number != nil)

            for size in ["small", "medium", "large", "full", nil] {
                let uri = "/api/v3/files/\(id)/download" + (size.map { "?size=\($0)" } ?? "")
                let download = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
                #expect(download.status == .ok, "\(size ?? "default")")
                #expect(download.headers[.contentType] == "image/jpeg")
                #expect(download.bytes.starts(with: [0xFF, 0xD8, 0xFF]))
                #expect(!download.bytes.containsSequence(Array("Kiln Camera Co".utf8)), "EXIF leaked into \(size ?? "default")")
            }
            let bad = try await client.executeRequest(uri: "/api/v3/files/\(id)/download?size=huge", method: .get, headers: [:], body: nil)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func heicIsServedAsJPEGAndFullImageKeepsTheResolution() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let heic = try #require(try await uploadImage(client, "photo.heic", headers: alice).json[0])
            #expect(heic["attributes"]?["mimeType"]?.string == "image/heic")
            let id = try #require(heic["fileId"]?.string)
            let served = try await client.executeRequest(uri: "/api/v3/files/\(id)/download?size=small", method: .get, headers: [:], body: nil)
            #expect(served.headers[.contentType] == "image/jpeg")

            let full = try #require(try await uploadImage(client, "large.jpg", fields: [("fullImage", "true")], headers: alice).json[0])
            #expect(full["attributes"]?["metadata"]?["isFull"]?.bool == true)
            let fullID = try #require(full["fileId"]?.string)
            let large = try await client.executeRequest(uri: "/api/v3/files/\(fullID)/download?size=large", method: .get, headers: [:], body: nil)
            let original = try await client.executeRequest(uri: "/api/v3/files/\(fullID)/download?size=full", method: .get, headers: [:], body: nil)
            #expect(original.bytes.count > large.bytes.count)
        }
    }

    @Test func anImageUploadedAsAFileKeepsItsBytesAndGetsItsDimensions() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let bytes = try Self.fixture("orientation-6.jpg")
            let object = try #require(try await client.upload(.file(bytes, filename: "o6.jpg"), headers: alice).json[0])
            #expect(object["type"]?.string == "file")
            #expect(object["attributes"]?["metadata"]?["width"]?.number == 90)
            #expect(object["attributes"]?["metadata"]?["height"]?.number == 60)
            let id = try #require(object["fileId"]?.string)
            let download = try await client.executeRequest(uri: "/api/v3/files/\(id)/download?size=small", method: .get, headers: [:], body: nil)
            #expect(download.bytes == bytes)
        }
    }

    static let rejected: [(String, HTTPResponse.Status)] = [
        ("bomb.png", .unprocessableContent), ("truncated.jpg", .unprocessableContent), ("corrupt.png", .unprocessableContent),
        ("photo.bmp", .unsupportedMediaType),
    ]

    @Test(arguments: rejected)
    func aRefusedImageLeavesNothing(_ name: String, _ status: HTTPResponse.Status) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await uploadImage(client, name, headers: alice)
            #expect(response.status == status)
            #expect(response.json["status"]?.string == "error")
            #expect(response.json["message"]?.string?.isEmpty == false)
        }
        #expect(kiln.storedBlobFiles == [])
        #expect(try await kiln.rowCount() == 0)
    }

    @Test func textIsNotAnImage() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await client.upload(.file(Samples.text, filename: "x.jpg", contentType: "image/jpeg"), to: "/api/v4/images", headers: alice)
            #expect(response.status == .unsupportedMediaType)
        }
        #expect(kiln.storedBlobFiles == [])
    }
}

