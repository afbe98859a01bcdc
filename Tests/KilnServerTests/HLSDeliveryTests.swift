import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnStorage
import Logging
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A video's HLS tree as players fetch it: playlists written from the row, segments from the store,
/// and a network video's one grant handed on through its playlists.
struct HLSDeliveryTests {
    /// A playlist's URI lines, resolved against the playlist's own URL as a player resolves them.
    static func uris(in playlist: String, of url: String) -> [String] {
        let base = String(url.split(separator: "?", maxSplits: 1)[0].split(separator: "/", omittingEmptySubsequences: false)
            .dropLast().joined(separator: "/")) + "/"
        return playlist.split(separator: "\n").flatMap { line -> [String] in
            if line.hasPrefix("#EXT-X-MAP:URI=\"") { return [base + line.dropFirst(16).dropLast()] }
            return line.hasPrefix("#") || line.isEmpty ? [] : [base + line]
        }
    }

    @Test func aPublicVideosTreeIsServedWithItsCachingRules() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try #require(try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice).json[0]?["fileId"]?.string)
            let object = try await client.waitUntilFinished(id, headers: alice)
            let master = try #require(object["hlsUrl"]?.string)
            #expect(master == "http://kiln.test/api/v3/files/\(id)/hls/master.m3u8")
            #expect(object["attributes"]?["metadata"]?["hls"] == nil, "the row's bookkeeping is not shown")

            let masterAnswer = try await client.get(master)
            #expect(masterAnswer.status == .ok)
            #expect(masterAnswer.headers[.contentType] == "application/vnd.apple.mpegurl")
            #expect(masterAnswer.headers[.cacheControl] == "public, max-age=60")
            let masterText = String(decoding: masterAnswer.bytes, as: UTF8.self)
            let head = try await client.executeRequest(
                uri: String(master.dropFirst("http://kiln.test".count)), method: .head, headers: [:], body: nil)
            #expect(head.status == .ok && head.bytes.isEmpty && head.headers[.contentLength] == String(masterAnswer.bytes.count))
            // The remuxed original keeps the source's keyframes, so only the encoded 360p is a variant.
            #expect(masterText.contains("RESOLUTION=640x360,CODECS=\"avc1.64"))
            #expect(masterText.contains(",mp4a.40.2\",FRAME-RATE=30.000\n360p.m3u8\n"))

            let mediaURL = try #require(Self.uris(in: masterText, of: master).first)
            let media = String(decoding: try await client.get(mediaURL).bytes, as: UTF8.self)
            #expect(media.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"))
            #expect(media.hasSuffix("#EXT-X-ENDLIST\n"))
            let parts = Self.uris(in: media, of: mediaURL)
            #expect(parts.count == 2, "an init segment and the 2 s clip's one segment: \(parts)")
            var stream: [UInt8] = []
            for part in parts {
                let answer = try await client.get(part)
                #expect(answer.status == .ok, "\(part)")
                #expect(answer.headers[.contentType] == "video/mp4")
                #expect(answer.headers[.cacheControl] == "public, max-age=31536000, immutable")
                stream += answer.bytes
                let etag = try #require(answer.headers[.eTag])
                let again = try await client.executeRequest(
                    uri: String(part.dropFirst("http://kiln.test".count)), method: .get, headers: [.ifNoneMatch: etag], body: nil)
                #expect(again.status == .notModified)
            }
            let played = try DownloadedMedia(stream).info
            #expect(abs((played.duration ?? 0) - 2) < 0.1)
            #expect(played.audioCodec == "aac" && played.width == 640)

            // Names the row does not vouch for are 404, never a look into the store.
            let segmentFolder = String(parts[1].dropLast("0.m4s".count))
            let treeFolder = String(segmentFolder.dropLast("360p/".count))
            for wrong in [
                segmentFolder + "1.m4s", segmentFolder + "00.m4s", segmentFolder + "-1.m4s", segmentFolder + "0.ts",
                treeFolder + "720p/init.mp4", treeFolder + "original/init.mp4",
                "http://kiln.test/api/v3/files/\(id)/hls/00000000/360p/init.mp4",
                "http://kiln.test/api/v3/files/\(id)/hls/720p.m3u8", "http://kiln.test/api/v3/files/\(id)/hls/master.txt",
            ] {
                let refused = try await client.get(wrong)
                #expect(refused.status == .notFound, "\(wrong)")
                #expect(refused.json["status"]?.string == "error")
            }
        }
    }

    @Test func aNetworkVideoPlaysFromOneGrantOfItsOwnTreeOnly() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            var masters: [String] = []
            for _ in 0..<2 {
                let id = try #require(
                    try await client.uploadVideo("no-audio.mp4", fields: [("accessType", "network")], headers: alice)
                        .json[0]?["fileId"]?.string)
                masters.append(try #require(try await client.waitUntilFinished(id, headers: alice)["hlsUrl"]?.string))
            }
            let master = masters[0]
            let grant = try #require(master.split(separator: "?").last.map(String.init))
            #expect(grant.hasPrefix("exp=") && grant.contains("&sig="))

            // Every URI in every playlist carries the same grant, and opens.
            let masterText = String(decoding: try await client.get(master).bytes, as: UTF8.self)
            var urls: [String] = []
            for mediaURL in Self.uris(in: masterText, of: master) {
                #expect(mediaURL.hasSuffix("?" + grant))
                let answer = try await client.get(mediaURL)
                #expect(answer.status == .ok)
                #expect(answer.headers[.cacheControl] == "private, max-age=60")
                urls += [mediaURL] + Self.uris(in: String(decoding: answer.bytes, as: UTF8.self), of: mediaURL)
            }
            #expect(urls.count == 3)
            for url in urls {
                #expect(url.hasSuffix("?" + grant), "\(url)")
                #expect(try await client.get(url).status == .ok, "\(url)")
            }

            // Without it, or with the other file's grant: 401.
            let otherGrant = try #require(masters[1].split(separator: "?").last.map(String.init))
            for url in urls + [master] {
                let bare = String(url.split(separator: "?")[0])
                #expect(try await client.get(bare).status == .unauthorized, "\(bare)")
                #expect(try await client.get(bare + "?" + otherGrant).status == .unauthorized, "\(bare)")
            }
            // The file's signedUrl is a grant of its download, not of its HLS tree.
            let signed = try #require(try await client.fileObject(String(master.split(separator: "/")[5]), headers: alice)["signedUrl"]?.string)
            let downloadGrant = try #require(signed.split(separator: "?").last.map(String.init))
            #expect(try await client.get(String(master.split(separator: "?")[0]) + "?" + downloadGrant).status == .unauthorized)

            // A bearer token opens the tree too; the playlists then carry no grant.
            let withToken = String(decoding: try await client.get(String(master.split(separator: "?")[0]), headers: alice).bytes, as: UTF8.self)
            #expect(withToken.contains("\n360p.m3u8\n"))

            kiln.clock.advance(by: kiln.configuration.signedURLLifetime + .seconds(1))
            for url in urls + [master] {
                let expired = try await client.get(url)
                #expect(expired.status == .unauthorized, "\(url)")
                #expect(expired.json["message"]?.string == "signed URL has expired")
            }
        }
    }

    @Test func aRecordingsPlaybackInfoHasItsGrantedTree() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        try await kiln.run { client in
            _ = try await client.registerRecording("no-audio.mp4", in: "hls-room", headers: service)
            let room = try await client.waitForRoom("hls-room", in: ["recorded"], headers: service)
            let master = try #require(room["recordedPlaybackInfos"]?[0]?["hlsUrl"]?.string)
            #expect(master.contains("/hls/master.m3u8?exp="))
            let text = String(decoding: try await client.get(master).bytes, as: UTF8.self)
            for url in Self.uris(in: text, of: master) { #expect(try await client.get(url).status == .ok) }
        }
    }

    @Test func aVideoTranscodedBeforeHLSExistedGainsItFromARetry() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        let id = try await kiln.run { client in
            let id = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            _ = try await client.waitUntilFinished(id, headers: alice)
            return id
        }
        let blobsOfOneTranscode = kiln.storedBlobFiles.count
        // As a library transcoded by an earlier Kiln, with the node stopped: renditions, no HLS
        // ladder and none of its blobs.
        let fileId = try #require(FileID(rawValue: id))
        let database = try kiln.database()
        let tree = try #require(try await database.file(id: fileId)?.hls)
        let blobs = try FileSystemBlobStore(root: kiln.configuration.blobFolder)
        for blob in tree.blobs { try await blobs.delete(BlobKey(fileId: fileId, variant: blob)) }
        _ = try await database.updateFile(id: fileId) { $0.metadata[HLSPresentation.metadataKey] = nil }

        // `kiln transcode retry --all-missing-hls` finds it; a transcoded file runs again only when forced.
        let control = try await TranscodeControl(kiln.configuration, logger: Logger(label: "test"))
        let (missing, unforced) = try await control.whileConnected { control in
            (try await control.fileIDsMissingHLS(), try await control.retry(fileId, force: false))
        }
        #expect(missing == [fileId])
        #expect(unforced?.contains("is transcoded; send {\"force\":true}") == true)

        try await kiln.run { client in
            let before = try await client.fileObject(id, headers: alice)
            #expect(before["hlsUrl"] == nil && before["status"]?.string == "transcoded")
            let retry = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/transcode", method: .post, headers: admin, body: ByteBuffer(string: #"{"force":true}"#))
            #expect(retry.status == .accepted)
            let after = try await client.waitUntilFinished(id, headers: alice)
            #expect(after["status"]?.string == "transcoded")
            let master = try #require(after["hlsUrl"]?.string)
            #expect(try await client.get(master).status == .ok)
            // The renditions it replaced go once it is recorded: as many blobs as one transcode makes.
            let stored = await eventually({ kiln.storedBlobFiles }) { $0.count == blobsOfOneTranscode }
            #expect(stored.count == blobsOfOneTranscode, "\(stored)")
            for (name, url) in after["videoUrl"]?.objectValue ?? [:] {
                #expect(try await client.get(url.string ?? "").status == .ok, "\(name)")
            }
        }
    }

    @Test func aTranscodeRunAgainReplacesTheTreeAndDeletesTheOldOne() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let admin = try await kiln.authorization("ops", role: .admin)
        try await kiln.run { client in
            let id = try #require(try await client.uploadVideo("no-audio.mp4", headers: alice).json[0]?["fileId"]?.string)
            let first = try await client.waitUntilFinished(id, headers: alice)
            let master = try #require(first["hlsUrl"]?.string)
            let mediaURL = String(master.dropLast("master.m3u8".count)) + "360p.m3u8"
            let oldParts = Self.uris(in: String(decoding: try await client.get(mediaURL).bytes, as: UTF8.self), of: mediaURL)
            let blobsOfOneTranscode = kiln.storedBlobFiles
            let retry = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/transcode", method: .post, headers: admin, body: ByteBuffer(string: #"{"force":true}"#))
            #expect(retry.status == .accepted)
            _ = try await client.waitUntilFinished(id, headers: alice)
            let newParts = Self.uris(in: String(decoding: try await client.get(mediaURL).bytes, as: UTF8.self), of: mediaURL)
            #expect(newParts.count == 2 && Set(newParts).isDisjoint(with: oldParts), "a new attempt's names: \(newParts)")
            for part in newParts { #expect(try await client.get(part).status == .ok) }
            for part in oldParts { #expect(try await client.get(part).status == .notFound, "\(part)") }
            let stored = await eventually({ kiln.storedBlobFiles }) { $0.count == blobsOfOneTranscode.count }
            #expect(stored.count == blobsOfOneTranscode.count)
            #expect(Set(stored).intersection(blobsOfOneTranscode) == Set(blobsOfOneTranscode.filter {
                $0.hasSuffix("/original") || $0.hasSuffix("/poster")
            }))
        }
    }

    @Test func webPlayersOnOtherOriginsMayReadTheTreeAndItsErrors() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try #require(
                try await client.uploadVideo("no-audio.mp4", fields: [("accessType", "network")], headers: alice)
                    .json[0]?["fileId"]?.string)
            let master = try #require(try await client.waitUntilFinished(id, headers: alice)["hlsUrl"]?.string)
            let path = String(master.dropFirst("http://kiln.test".count))
            let origin: HTTPFields = [.origin: "https://app.example"]
            let read = try await client.executeRequest(uri: path, method: .get, headers: origin, body: nil)
            #expect(read.status == .ok && read.headers[.accessControlAllowOrigin] == "*")
            // A refusal is readable too, so a player sees a 401 rather than a network error.
            let bare = String(path.split(separator: "?")[0])
            let refused = try await client.executeRequest(uri: bare, method: .get, headers: origin, body: nil)
            #expect(refused.status == .unauthorized && refused.headers[.accessControlAllowOrigin] == "*")
            // A player sending a bearer token asks first.
            let preflight = try await client.executeRequest(
                uri: bare, method: .options, headers: origin + [.accessControlRequestHeaders: "authorization"], body: nil)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=360p", method: .get, headers: origin + alice, body: nil)
            #expect(download.status == .ok && download.headers[.accessControlAllowOrigin] == "*")
            // Nothing else of the API is opened to other origins.
            let object = try await client.executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: origin + alice, body: nil)
            #expect(object.status == .ok && object.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func filesWithoutALadderHaveNoTree() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let audio = try await client.upload(.file(try VideoFixtures.bytes("tone.m4a"), filename: "tone.m4a"), headers: alice)
            let image = try await client.upload(
                .file(try ImageUploadTests.fixture("photo.png"), filename: "photo.png"), to: "/api/v4/images", headers: alice)
            for id in [try #require(audio.json[0]?["fileId"]?.string), try #require(image.json[0]?["fileId"]?.string)] {
                _ = try await client.waitForStatus(id, in: ["uploaded", "transcoded"], headers: alice)
                let answer = try await client.get("http://kiln.test/api/v3/files/\(id)/hls/master.m3u8")
                #expect(answer.status == .notFound)
                #expect(try await client.fileObject(id, headers: alice)["hlsUrl"] == nil)
            }
        }
    }
}
