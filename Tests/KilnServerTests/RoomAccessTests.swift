import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Who may add a video uploaded earlier to a room, and who may read a room's recordings.
struct RoomAccessTests {
    static func expectRefusal(_ response: TestResponse, _ status: HTTPResponse.Status, saying words: String) {
        #expect(response.status == status, "\(response.json)")
        #expect(response.json["status"]?.string == "error" && response.json["code"]?.number == Double(status.code))
        #expect(response.json["message"]?.string?.contains(words) == true, "\(response.json)")
    }

    @Test func onlyTheUploaderAServiceActingForThemOrAnAdminMayRegisterAFile() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization(rooms: ["stage"])
        let bob = try await kiln.authorization("bob", rooms: ["stage"])
        let aliceElsewhere = try await kiln.authorization(rooms: ["lobby"])
        let service = try await kiln.authorization("room-service", role: .service)
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            func aliceVideo() async throws -> String {
                try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            }
            let video = try await aliceVideo()

            // Refused, and the file stays as alice left it: public, in no room.
            Self.expectRefusal(
                try await client.registerRecording(fileId: video, in: "stage", headers: bob), .forbidden,
                saying: "only its uploader may make it a recording")
            Self.expectRefusal(
                try await client.registerRecording(fileId: video, in: "stage", userId: "bob", headers: service), .forbidden,
                saying: "was not uploaded by bob")
            Self.expectRefusal(
                try await client.registerRecording(fileId: video, in: "stage", headers: service), .badRequest,
                saying: "must name the user it acts for in userId")
            Self.expectRefusal(
                try await client.registerRecording(fileId: video, in: "stage", userId: "bob", headers: alice), .forbidden,
                saying: "acts for its own user only")
            Self.expectRefusal(
                try await client.registerRecording(fileId: video, in: "stage", headers: aliceElsewhere), .forbidden,
                saying: "does not grant room stage")
            #expect(try await client.fileObject(video, headers: alice)["accessType"]?.string == "public")
            #expect(try await client.recorded("stage", headers: service).status == .notFound)

            // Allowed: the uploader in a room her token names, a service acting for her, an admin.
            let byAlice = try await client.registerRecording(fileId: video, in: "stage", headers: alice)
            #expect(byAlice.status == .created && byAlice.json["position"]?.number == 1, "\(byAlice.json)")
            let byService = try await client.registerRecording(
                fileId: try await aliceVideo(), in: "stage", userId: "alice", headers: service)
            #expect(byService.status == .created && byService.json["position"]?.number == 2, "\(byService.json)")
            let byAdmin = try await client.registerRecording(fileId: try await aliceVideo(), in: "stage", headers: admin)
            #expect(byAdmin.status == .created && byAdmin.json["position"]?.number == 3, "\(byAdmin.json)")
            #expect(try await client.fileObject(video, headers: alice)["accessType"]?.string == "network")

            // Uploading a recording with its registration stays a backend's job.
            Self.expectRefusal(
                try await client.registerRecording("no-audio.mp4", in: "stage", headers: alice), .forbidden,
                saying: "only an admin or a service token may upload a recording")
        }
    }

    @Test func aUserTokenReadsOnlyTheRoomsItsClaimNames() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        // Links expire with the token that asked for them: one instant for every token, so each
        // reader is handed the same links.
        kiln.clock.freeze()
        let service = try await kiln.authorization("room-service", role: .service)
        let admin = try await kiln.authorization("ops", role: .admin)
        let member = try await kiln.authorization("carol", rooms: ["stage", "lobby"])
        let stranger = try await kiln.authorization("mallory", rooms: ["lobby"])
        let unscoped = try await kiln.authorization("mallory")
        try await kiln.run { client in
            let playbackId = try #require(
                try await client.registerRecording("no-audio.mp4", in: "stage", headers: service).json["playbackId"]?.string)
            let room = try await client.waitForRoom("stage", in: ["recorded"], headers: service)
            let info = try #require(room["recordedPlaybackInfos"]?[0])

            for reader in [service, admin, member] {
                #expect(try await client.recorded("stage", headers: reader).json["recordedPlaybackInfos"] == room["recordedPlaybackInfos"])
            }
            for outsider in [stranger, unscoped] {
                Self.expectRefusal(try await client.recorded("stage", headers: outsider), .forbidden, saying: "does not grant room stage")
                for link in ["watch", "thumbnail"] {
                    Self.expectRefusal(
                        try await client.executeRequest(
                            uri: "/api/v1/rooms/stage/recorded/\(playbackId)/\(link)", method: .get, headers: outsider, body: nil),
                        .forbidden, saying: "does not grant room stage")
                }
            }
            // A room that does not exist answers an outsider the same, so ids cannot be probed.
            Self.expectRefusal(try await client.recorded("backstage", headers: unscoped), .forbidden, saying: "does not grant room backstage")
            #expect(try await client.recorded("backstage", headers: admin).status == .notFound)

            // The links a reader was handed still work without a token: they are the grant.
            #expect(try await client.get(try #require(info["url"]?.string)).status == .found)
            #expect(try await client.get(try #require(info["thumbnailUrl"]?.string)).status == .found)
            let watch = try await client.executeRequest(
                uri: "/api/v1/rooms/stage/recorded/\(playbackId)/watch", method: .get, headers: member, body: nil)
            #expect(watch.status == .found)
        }
    }
}
