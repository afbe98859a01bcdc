import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

struct FileObjectTests {
    func uploadedID(_ client: some TestClientProtocol, headers: HTTPFields, accessType: String = "public") async throws -> String {
        let response = try await client.upload(.file(Samples.text, filename: "fox.txt", fields: [("accessType", accessType)]), headers: headers)
        return try #require(response.json[0]?["fileId"]?.string)
    }

    @Test func getAnswersTheObjectOr404() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try await uploadedID(client, headers: alice)
            let response = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.json["fileId"]?.string == id)
            #expect(response.json["attributes"]?["mimeType"]?.string == "text/plain")

            let unknown = try await client.executeRequest(uri: "/api/v3/files/\(FileID.random())", method: .get, headers: [:], body: nil)
            #expect(unknown.status == .notFound)
            #expect(unknown.json["code"]?.number == 404)
            let malformed = try await client.executeRequest(uri: "/api/v3/files/not-an-id", method: .get, headers: [:], body: nil)
            #expect(malformed.status == .notFound)
        }
    }

    @Test func aNetworkFileObjectNeedsATokenAndCarriesASignedURL() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        try await kiln.run { client in
            let id = try await uploadedID(client, headers: alice, accessType: "network")
            let anonymous = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: [:], body: nil)
            #expect(anonymous.status == .unauthorized)
            let response = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: bob, body: nil)
            #expect(response.status == .ok)
            let signed = try #require(response.json["signedUrl"]?.string)
            #expect(signed.hasPrefix("http://kiln.test/api/v3/files/\(id)/download?exp="))
            #expect(signed.contains("&sig="))
            #expect(response.json["fileUrl"]?.string == "http://kiln.test/api/v3/files/\(id)/download")
        }
    }

    @Test func theUploaderOrAnAdminMayUpdate() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let id = try await uploadedID(client, headers: alice)
            func put(_ json: String, _ headers: HTTPFields) async throws -> TestResponse {
                var headers = headers
                headers[.contentType] = "application/json"
                return try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .put, headers: headers, body: ByteBuffer(string: json))
            }
            let updated = try await put(#"{"altText":"a red fox","accessType":"network","metadata":{"album":"wild","width":1}}"#, alice)
            #expect(updated.status == .ok)
            #expect(updated.json["altText"]?.string == "a red fox")
            #expect(updated.json["accessType"]?.string == "network")
            #expect(updated.json["attributes"]?["metadata"]?["album"]?.string == "wild")
            #expect(updated.json["signedUrl"]?.string != nil)
            // Kiln's own word about a file (poster, transcode progress and failure) is never a client's.
            let spoofed = try await put(
                #"{"metadata":{"thumbnailUrl":"https://elsewhere.test/x.jpg","progress":50,"failureReason":"no","album":"wild"}}"#, alice)
            #expect(spoofed.json["attributes"]?["metadata"]?["album"]?.string == "wild")
            for key in StoredFile.kilnOwnedMetadataKeys {
                #expect(spoofed.json["attributes"]?["metadata"]?[key] == nil, "\(key)")
            }
            #expect(updated.json["updatedAt"]?.string != updated.json["createdAt"]?.string)

            #expect(try await put(#"{"altText":"mine now"}"#, bob).status == .forbidden)
            #expect(try await put(#"{"altText":"mine now"}"#, [:]).status == .unauthorized)
            let cleared = try await put(#"{"altText":null}"#, admin)
            #expect(cleared.status == .ok)
            #expect(cleared.json["altText"] == nil)
            #expect(cleared.json["accessType"]?.string == "network")

            for bad in [#"{"altText":"#, #"[1,2]"#, #"{"accessType":"secret"}"#, #"{"altText":5}"#, #"{"metadata":"x"}"#,
                "{\"altText\":\"\(String(repeating: "a", count: 181))\"}",
                "{\"metadata\":{\"blob\":\"\(String(repeating: "a", count: 5200))\"}}"]
            {
                let response = try await put(bad, alice)
                #expect(response.status == .badRequest, "\(bad.prefix(40))")
                #expect(response.json["status"]?.string == "error")
            }
            #expect(try await put(#"{"altText":"x"}"#.padding(toLength: 70_000, withPad: " ", startingAt: 0), alice).status == .contentTooLarge)
        }
    }

    @Test func deleteMarksTheFileAndRemovesItsBytes() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bob = try await kiln.authorization("bob")
        try await kiln.run { client in
            let id = try await uploadedID(client, headers: alice)
            #expect(kiln.storedBlobFiles.count == 1)
            let refused = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: bob, body: nil)
            #expect(refused.status == .forbidden)
            let anonymous = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: [:], body: nil)
            #expect(anonymous.status == .unauthorized)

            let deleted = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil)
            #expect(deleted.status == .ok)
            #expect(deleted.json["status"]?.string == "success")
            #expect(deleted.json["data"]?["fileId"]?.string == id)
            #expect(kiln.storedBlobFiles == [])

            let object = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: [:], body: nil)
            #expect(object.status == .gone && object.json["code"]?.number == 410)
            let download = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            #expect(download.status == .gone)
            #expect(download.json["code"]?.number == 410)
            let again = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: alice, body: nil)
            #expect(again.status == .gone)
        }
    }

    @Test func anAdminMayDeleteAnyFile() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let id = try await uploadedID(client, headers: alice)
            let deleted = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .delete, headers: admin, body: nil)
            #expect(deleted.status == .ok)
        }
    }
}
