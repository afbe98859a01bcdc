import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import Testing

@testable import KilnDomain
@testable import KilnServer

struct RoomRecordingTests {
    @Test func aRoomWithTwoRecordingsGoesFromEndedToRecordedAndPlays() async throws {
        var kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        let room = "room-42"
        let alice = try await kiln.authorization(rooms: [room])
        // The first recording ended half an hour ago; the second, registered by id without an end,
        // counts from its registration, now.
        let now = kiln.clock.freeze()
        let startedAt = now.addingTimeInterval(-1800), endedAt = now.addingTimeInterval(-1797.5)

        // Without workers, both recordings wait: the room has ended but is not recorded yet.
        let (first, second) = try await kiln.run { client in
            let uploaded = try await client.registerRecording(
                "landscape-h264-aac.mp4", in: room,
                fields: [("startedAt", FilePresenter.timestamp(startedAt)), ("endedAt", FilePresenter.timestamp(endedAt))],
                headers: service)
            #expect(uploaded.status == .created)
            #expect(uploaded.json["roomId"]?.string == room && uploaded.json["position"]?.number == 1)
            #expect(uploaded.json["file"]?["accessType"]?.string == "network")
            #expect(uploaded.json["file"]?["type"]?.string == "video")
            #expect(uploaded.json["endedAt"]?.string == FilePresenter.timestamp(endedAt))

            // A video alice uploaded as public, registered by id: it becomes network, as recordings are.
            let video = try #require(
                try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            let named = try await client.registerRecording(fileId: video, in: room, userId: "alice", headers: service)
            #expect(named.status == .created && named.json["position"]?.number == 2)
            #expect(try await client.fileObject(video, headers: alice)["accessType"]?.string == "network")

            let ended = try await client.recorded(room, headers: alice)
            #expect(ended.status == .ok)
            #expect(ended.json["status"]?.string == "ended")
            #expect(ended.json["recordedAt"]?.string == FilePresenter.timestamp(now))
            #expect(ended.json["recordedUrls"] == .array([]))
            let infos = try #require(ended.json["recordedPlaybackInfos"])
            #expect(infos[0]?["url"] == nil && infos[0]?["status"]?.string == "uploaded")
            #expect(infos[0]?["thumbnailUrl"]?.string != nil)
            return (
                try #require(uploaded.json["playbackId"]?.string), try #require(named.json["playbackId"]?.string)
            )
        }

        kiln.configuration.transcoding = TestKiln.quickTranscoding
        try await kiln.run { client in
            let recorded = try await client.waitForRoom(room, in: ["recorded"], headers: alice)
            #expect(recorded["durationSeconds"]?.number == 4)
            let infos = try #require(recorded["recordedPlaybackInfos"]?.arrayValue)
            #expect(infos.map { $0["playbackId"]?.string } == [first, second])
            #expect(infos.map { $0["durationSeconds"]?.number } == [2, 2])
            #expect(infos.allSatisfy { $0["status"]?.string == "transcoded" })
            let urls = (recorded["recordedUrls"]?.arrayValue ?? []).compactMap(\.string)
            #expect(urls.count == 2 && urls.allSatisfy { $0.contains("resolution=360p") && $0.contains("sig=") })

            // The signed watch link needs no token; it leads to a playable MP4 of the best rendition.
            let watchURL = try #require(infos[0]["url"]?.string)
            #expect(watchURL.hasPrefix("http://kiln.test/api/v1/rooms/\(room)/recorded/\(first)/watch?exp="))
            let watch = try await client.get(watchURL)
            #expect(watch.status == .found && watch.headers[.cacheControl] == "no-store")
            let location = try #require(watch.headers[.location])
            #expect(location.contains("resolution=360p"))
            let video = try await client.get(location)
            #expect(video.status == .ok && video.headers[.contentType] == "video/mp4")
            let media = try DownloadedMedia(video.bytes)
            #expect(media.info.videoCodec == "h264" && media.info.width == 640 && media.info.height == 360)
            #expect(media.indexFirst)

            // A token does as well as a signature, and a player may ask for a rendition.
            let original = try await client.executeRequest(
                uri: "/api/v1/rooms/\(room)/recorded/\(second)/watch?resolution=original", method: .get, headers: alice,
                body: nil)
            #expect(original.status == .found)
            let originalVideo = try await client.get(try #require(original.headers[.location]))
            #expect(try DownloadedMedia(originalVideo.bytes).info.hasAudio == false)

            let thumbnail = try await client.get(try #require(infos[1]["thumbnailUrl"]?.string))
            #expect(thumbnail.status == .found)
            let poster = try await client.get(try #require(thumbnail.headers[.location]))
            #expect(poster.status == .ok && poster.headers[.contentType] == "image/jpeg")
            #expect(poster.bytes.starts(with: [0xFF, 0xD8]))
        }
    }

    @Test func watchAndThumbnailSignaturesExpire() async throws {
        let kiln = try TestKiln(signedURLLifetime: .seconds(60))
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        try await kiln.run { client in
            let playbackId = try #require(
                try await client.registerRecording("no-audio.mp4", in: "expiring", headers: service).json["playbackId"]?.string)
            let room = try await client.waitForRoom("expiring", in: ["recorded"], headers: service)
            let info = try #require(room["recordedPlaybackInfos"]?[0])
            let watchURL = try #require(info["url"]?.string), thumbnailURL = try #require(info["thumbnailUrl"]?.string)
            let downloadURL = try #require(room["recordedUrls"]?[0]?.string)

            let tampered = watchURL.replacingOccurrences(of: "/\(playbackId)/", with: "/\(PlaybackID.random())/")
            #expect(try await client.get(tampered).status == .unauthorized)
            let bare = try await client.get("http://kiln.test/api/v1/rooms/expiring/recorded/\(playbackId)/watch")
            #expect(bare.status == .unauthorized)

            kiln.clock.advance(by: .seconds(61))
            for url in [watchURL, thumbnailURL, downloadURL] {
                let expired = try await client.get(url)
                #expect(expired.status == .unauthorized, "\(url)")
                #expect(expired.json["message"]?.string == "signed URL has expired")
            }
        }
    }

    /// A link Kiln derives from a presented credential may not outlive it: a watch link about to
    /// expire, or a token about to, leads to a download link that expires no later.
    @Test func aRedirectExpiresNoLaterThanTheCredentialThatAskedForIt() async throws {
        let kiln = try TestKiln(signedURLLifetime: .seconds(60))
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        try await kiln.run { client in
            let playbackId = try #require(
                try await client.registerRecording("no-audio.mp4", in: "late", headers: service).json["playbackId"]?.string)
            let room = try await client.waitForRoom("late", in: ["recorded"], headers: service)
            let info = try #require(room["recordedPlaybackInfos"]?[0])
            let links = [try #require(info["url"]?.string), try #require(info["thumbnailUrl"]?.string)]

            kiln.clock.advance(by: .seconds(50))
            var derived: [String] = []
            for link in links {
                let redirect = try await client.get(link)
                #expect(redirect.status == .found, "\(link)")
                let location = try #require(redirect.headers[.location])
                #expect(try Self.expiry(of: location) <= Self.expiry(of: link), "\(location) outlives \(link)")
                derived.append(location)
            }
            // With a token that runs out in 5 s, the links it is sent to run out with it.
            let shortToken = try await kiln.token("alice", lifetime: .seconds(5), rooms: ["late"])
            let tokenExpiry = Int64(kiln.clock.now().timeIntervalSince1970) + 5
            for path in ["watch", "thumbnail"] {
                let redirect = try await client.executeRequest(
                    uri: "/api/v1/rooms/late/recorded/\(playbackId)/\(path)", method: .get,
                    headers: [.authorization: "Bearer \(shortToken)"], body: nil)
                #expect(redirect.status == .found, "\(path)")
                let location = try #require(redirect.headers[.location])
                #expect(try Self.expiry(of: location) <= tokenExpiry, "\(location) outlives the token")
            }

            // Once the watch link has expired, so has everything it led to.
            kiln.clock.advance(by: .seconds(11))
            for location in derived {
                let expired = try await client.get(location)
                #expect(expired.status == .unauthorized, "\(location)")
                #expect(expired.json["message"]?.string == "signed URL has expired")
            }
        }
    }

    static func expiry(of url: String) throws -> Int64 {
        let items = try #require(URLComponents(string: url)?.queryItems)
        return try #require(items.first { $0.name == "exp" }?.value.flatMap { Int64($0) }, "\(url)")
    }

    @Test func aFailedRecordingTurnsTheRoomToErrorAndAnOperatorRetryRecoversIt() async throws {
        var kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        let admin = try await kiln.authorization("ops", role: .admin)
        let room = "flaky"
        let failing = try await kiln.run { client in
            _ = try await client.registerRecording("landscape-h264-aac.mp4", in: room, headers: service)
            return try #require(
                try await client.registerRecording("no-audio.mp4", in: room, headers: service).json["file"]?["fileId"]?.string)
        }

        // A worker that gave up on the second recording, as after its last transient failure.
        let database = try kiln.database()
        let id = try #require(FileID(rawValue: failing))
        while let leased = try await database.leaseNextJob(owner: "test-worker", lease: .seconds(60)) {
            guard leased.file.id == id else {
                try await database.releaseJob(of: leased.file.id, owner: "test-worker")
                continue
            }
            _ = try await database.failJob(
                of: id, owner: "test-worker", reason: "the encoder ran out of memory", retryable: false, backoff: .zero)
            break
        }

        kiln.configuration.transcoding = TestKiln.quickTranscoding
        try await kiln.run { client in
            let broken = try await client.waitForRoom(room, in: ["error"], headers: service)
            let info = try #require(broken["recordedPlaybackInfos"]?[1])
            #expect(info["status"]?.string == "transcodeFailed")
            #expect(info["failureReason"]?.string == "the encoder ran out of memory")
            let playbackId = try #require(info["playbackId"]?.string)
            let refused = try await client.executeRequest(
                uri: "/api/v1/rooms/\(room)/recorded/\(playbackId)/watch", method: .get, headers: service, body: nil)
            #expect(refused.status == .conflict)

            let retry = try await client.executeRequest(
                uri: "/api/v3/files/\(failing)/transcode", method: .post, headers: admin, body: nil)
            #expect(retry.status == .accepted)
            let recovered = try await client.waitForRoom(room, in: ["recorded"], headers: service)
            #expect(recovered["recordedUrls"]?.arrayValue?.count == 2)
        }
    }

    @Test func registrationIsForAdminsAndServicesAndBadInputLeavesNothing() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization(rooms: ["r1", "never-seen"])
        let service = try await kiln.authorization("room-service", role: .service)
        try await kiln.run { client in
            #expect(try await client.registerRecording("no-audio.mp4", in: "r1", headers: alice).status == .forbidden)
            #expect(try await client.registerRecording("no-audio.mp4", in: "r1", headers: [:]).status == .unauthorized)
            #expect(try await client.recorded("never-seen", headers: alice).status == .notFound)
            #expect(try await client.recorded("r1", headers: [:]).status == .unauthorized)

            let refusals: [(TestResponse, HTTPResponse.Status)] = [
                (try await client.registerRecording("no-audio.mp4", in: "bad%20room", headers: service), .badRequest),
                (try await client.registerRecording(
                    "no-audio.mp4", in: "r1", fields: [("startedAt", "yesterday")], headers: service), .badRequest),
                (try await client.registerRecording(
                    "no-audio.mp4", in: "r1",
                    fields: [("startedAt", "2026-11-25T18:00:00Z"), ("endedAt", "2026-11-25T17:00:00Z")], headers: service),
                    .badRequest),
                (try await client.registerRecording("tone.m4a", in: "r1", headers: service), .unsupportedMediaType),
                (try await client.registerRecording("corrupt.mp4", in: "r1", headers: service), .unprocessableContent),
                (try await client.registerRecording(
                    fileId: FileID.random().rawValue, in: "r1", userId: "alice", headers: service), .notFound),
                (try await client.executeRequest(
                    uri: "/api/v1/rooms/r1/recordings", method: .post,
                    headers: service + [.contentType: "application/json"], body: ByteBuffer(string: #"{"fileId":7}"#)),
                    .badRequest),
                (try await client.executeRequest(
                    uri: "/api/v1/rooms/r1/recordings", method: .post, headers: service + [.contentType: "text/plain"],
                    body: ByteBuffer(string: "hello")), .unsupportedMediaType),
            ]
            for (response, status) in refusals {
                #expect(response.status == status, "\(response.json)")
                #expect(response.json["status"]?.string == "error" && response.json["message"]?.string != nil)
            }
            // Nothing of the refused registrations stayed: no room, no row, no bytes.
            #expect(try await client.recorded("r1", headers: alice).status == .notFound)
            #expect(try await kiln.rowCount() == 0)
            #expect(kiln.storedBlobFiles.isEmpty)

            let text = try #require(
                try await client.upload(.file(Samples.text, filename: "a.txt"), headers: alice).json[0]?["fileId"]?.string)
            #expect(try await client.registerRecording(fileId: text, in: "r1", userId: "alice", headers: service).status == .conflict)
            let video = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            #expect(try await client.registerRecording(fileId: video, in: "r1", userId: "alice", headers: service).status == .created)
            #expect(try await client.registerRecording(fileId: video, in: "r1", userId: "alice", headers: service).status == .conflict)
        }
    }

    @Test func removingARecordingRemovesTheFileUploadedWithItOnly() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization(rooms: ["r2"])
        let service = try await kiln.authorization("room-service", role: .service)
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let uploaded = try await client.registerRecording("landscape-h264-aac.mp4", in: "r2", headers: service).json
            let video = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            let named = try await client.registerRecording(fileId: video, in: "r2", userId: "alice", headers: service).json
            let uploadedFile = try #require(uploaded["file"]?["fileId"]?.string)

            func remove(_ recording: JSONValue, as headers: HTTPFields) async throws -> TestResponse {
                try await client.executeRequest(
                    uri: "/api/v1/rooms/r2/recordings/\(recording["playbackId"]?.string ?? "")", method: .delete,
                    headers: headers, body: nil)
            }
            #expect(try await remove(uploaded, as: service).status == .forbidden)
            #expect(try await remove(uploaded, as: admin).status == .ok)
            #expect(try await remove(uploaded, as: admin).status == .notFound)
            #expect(try await remove(named, as: admin).status == .ok)

            let room = try await client.recorded("r2", headers: alice)
            #expect(room.status == .ok)
            #expect(room.json["status"]?.string == "ended" && room.json["durationSeconds"]?.number == 0)
            #expect(room.json["recordedPlaybackInfos"] == .array([]))
            #expect(try await client.fileObject(uploadedFile, headers: admin)["code"]?.number == 410)
            #expect(try await client.fileObject(video, headers: alice)["isDeleted"]?.bool == false)
            #expect(!kiln.storedBlobFiles.contains { $0.contains(uploadedFile) })
        }
    }

    @Test func aClipCarriesWhatAPlayerNeedsAndMayRunFifteenMinutes() async throws {
        let kiln = try TestKiln(transcoding: TranscodeSettings(workers: 0))
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            for (fixture, width, height, hasAudio) in [
                ("portrait-rotated.mov", 270.0, 480.0, true), ("no-audio.mp4", 640.0, 360.0, false),
            ] {
                let id = try #require(
                    try await client.uploadVideo(fixture, to: "/api/v4/clips", headers: alice).json[0]?["fileId"]?.string)
                let clip = try await client.fileObject(id, headers: alice)
                #expect(clip["type"]?.string == "clip")
                let metadata = try #require(clip["attributes"]?["metadata"])
                #expect(metadata["duration"]?.number == 2, "\(fixture)")
                #expect(metadata["width"]?.number == width && metadata["height"]?.number == height, "\(fixture)")
                #expect(metadata["hasAudio"]?.bool == hasAudio, "\(fixture)")
                #expect(metadata["blurHash"]?.string?.count == 28, "\(fixture)")
                #expect(metadata["thumbnailUrl"]?.string == "http://kiln.test/api/v3/files/\(id)/download?size=poster")
            }

            let long = try await client.uploadVideo("over-15-minutes.mp4", to: "/api/v4/clips", headers: alice)
            #expect(long.status == .unprocessableContent)
            #expect(long.json["message"]?.string?.contains("at most 900 seconds") == true, "\(long.json)")
            // The same file is a fine video.
            #expect(try await client.uploadVideo("over-15-minutes.mp4", headers: alice).status == .ok)
        }
    }
}

extension TestClientProtocol {
    func registerRecording(_ fixture: String, in room: String, fields: [(String, String)] = [], headers: HTTPFields)
        async throws -> TestResponse
    {
        try await uploadVideo(fixture, to: "/api/v1/rooms/\(room)/recordings", fields: fields, headers: headers)
    }

    /// By id; `userId` names the user a service token acts for.
    func registerRecording(fileId: String, in room: String, userId: String? = nil, headers: HTTPFields) async throws
        -> TestResponse
    {
        let actingFor = userId.map { #","userId":"\#($0)""# } ?? ""
        return try await executeRequest(
            uri: "/api/v1/rooms/\(room)/recordings", method: .post, headers: headers + [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"fileId":"\#(fileId)"\#(actingFor)}"#))
    }

    func recorded(_ room: String, headers: HTTPFields) async throws -> TestResponse {
        try await executeRequest(uri: "/api/v1/rooms/\(room)/recorded", method: .get, headers: headers, body: nil)
    }

    /// Polls the room until its status is one of `statuses`.
    func waitForRoom(_ room: String, in statuses: Set<String>, headers: HTTPFields) async throws -> JSONValue {
        try await poll("room \(room)", until: statuses) { try await recorded(room, headers: headers).json }
    }
}

extension HTTPFields {
    static func + (lhs: HTTPFields, rhs: HTTPFields) -> HTTPFields {
        var merged = lhs
        for field in rhs { merged[field.name] = field.value }
        return merged
    }
}
