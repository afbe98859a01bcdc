import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Where a photo was taken is its uploader's to know: the file object shows GPS to the uploader and
/// to admins, never to anyone else who may read it. A deleted file shows nothing at all.
struct PrivateMetadataTests {
    @Test(arguments: ["public", "network"])
    func gpsIsShownToTheUploaderAndAdminsOnly(_ accessType: String) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let uploaded = try await client.upload(
                .file(try TestKiln.fixture("images/exif-gps.jpg"), filename: "p.jpg", fields: [("accessType", accessType)]),
                to: "/api/v4/images", headers: alice)
            let object = try #require(uploaded.json[0])
            let id = try #require(object["fileId"]?.string)
            #expect(object["attributes"]?["metadata"]?["gps"]?["latitude"]?.number != nil, "the uploader's answer")

            func metadata(_ headers: HTTPFields) async throws -> JSONValue? {
                let response = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: headers, body: nil)
                #expect(response.status == .ok)
                return response.json["attributes"]?["metadata"]
            }
            #expect(try await metadata(alice)?["gps"]?["latitude"]?.number != nil)
            #expect(try await metadata(admin)?["gps"]?["latitude"]?.number != nil)
            let others = try await metadata(bob)
            #expect(others?["gps"] == nil, "\(String(describing: others))")
            // The rest of the metadata is everyone's.
            #expect(others?["exif"]?["Model"]?.string == "Model K1" && others?["width"]?.number == 90)
            if accessType == "public" {
                #expect(try await metadata([:])?["gps"] == nil)
            }
            // A key the uploader set themselves under the same name is private too.
            let put = try await client.executeRequest(
                uri: "/api/v3/files/\(id)", method: .put, headers: alice + [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"metadata":{"album":"trip"}}"#))
            #expect(put.json["attributes"]?["metadata"]?["gps"]?["latitude"]?.number != nil)
            #expect(try await metadata(bob)?["album"]?.string == "trip")
            #expect(try await metadata(bob)?["gps"] == nil)

            // Operators see it in their listing.
            let listing = try await client.executeRequest(uri: "/api/v3/files?type=image", method: .get, headers: admin, body: nil)
            #expect(listing.json["data"]?["files"]?[0]?["attributes"]?["metadata"]?["gps"]?["latitude"]?.number != nil)
        }
    }

    @Test func aDeletedFileIsGoneForEveryOperationAndShowsNothing() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let photo = try #require(
                try await client.upload(
                    .file(try TestKiln.fixture("images/exif-gps.jpg"), filename: "p.jpg", fields: [("altText", "secret place")]),
                    to: "/api/v4/images", headers: alice
                ).json[0]?["fileId"]?.string)
            let video = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            for id in [photo, video] {
                let deleted = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil)
                #expect(deleted.status == .ok)
            }
            let requests: [(String, HTTPRequest.Method, HTTPFields, String?)] = [
                ("/api/v3/files/\(photo)", .get, [:], nil),
                ("/api/v3/files/\(photo)", .get, alice, nil),
                ("/api/v3/files/\(photo)", .get, admin, nil),
                ("/api/v3/files/\(photo)/download", .get, [:], nil),
                ("/api/v3/files/\(photo)/download?size=small", .get, alice, nil),
                ("/api/v3/files/\(photo)", .put, alice + [.contentType: "application/json"], #"{"altText":"x"}"#),
                ("/api/v3/files/\(photo)", .delete, alice, nil),
                ("/api/v3/files/\(video)", .get, alice, nil),
                ("/api/v3/files/\(video)/transcode", .post, admin, nil),
                ("/api/v3/files/\(video)/transcode", .post, admin, #"{"force":true}"#),
                ("/api/v3/files/\(video)/hls/master.m3u8", .get, alice, nil),
            ]
            for (uri, method, headers, body) in requests {
                let response = try await client.executeRequest(
                    uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == .gone, "\(method) \(uri): \(response.status)")
                #expect(response.json["code"]?.number == 410, "\(method) \(uri)")
                #expect(Set(response.json.objectValue?.keys ?? [:].keys) == ["status", "code", "message"], "\(method) \(uri)")
                let text = String(decoding: response.bytes, as: UTF8.self)
                for leak in ["secret place", "p.jpg", "latitude", "no-audio", "image/jpeg", "video/mp4"] {
                    #expect(!text.contains(leak), "\(method) \(uri) shows \(leak)")
                }
            }
        }
    }
}
