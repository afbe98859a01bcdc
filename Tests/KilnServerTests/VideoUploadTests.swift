import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnVideo
import Testing

@testable import KilnDomain
@testable import KilnServer

struct VideoUploadTests {
    @Test func aVideoIsProbedPosteredAnsweredAtOnceAndTranscoded() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await client.uploadVideo(
                "landscape-h264-aac.mp4", fields: [("altText", "a test card"), ("feedType", "post")], headers: alice)
            #expect(response.status == .ok)
            let object = try #require(response.json[0])
            let id = try #require(object["fileId"]?.string)
            #expect(object["type"]?.string == "video")
            #expect(object["status"]?.string == "uploaded")
            #expect(object["feedType"]?.string == "post")
            #expect(object["videoUrl"] == .object([:]))
            let metadata = try #require(object["attributes"]?["metadata"])
            #expect(metadata["width"]?.number == 640 && metadata["height"]?.number == 360)
            #expect(metadata["rotation"]?.number == 0)
            #expect(metadata["duration"]?.number == 2)
            #expect(metadata["frameRate"]?.number == 30)
            #expect((metadata["bitRate"]?.number ?? 0) > 0)
            #expect(metadata["videoCodec"]?.string == "h264" && metadata["audioCodec"]?.string == "aac")
            #expect(metadata["hasAudio"]?.bool == true)
            #expect(metadata["blurHash"]?.string?.count == 28)
            let thumbnailUrl = try #require(metadata["thumbnailUrl"]?.string)
            #expect(thumbnailUrl == "http://kiln.test/api/v3/files/\(id)/download?size=poster")
            let poster = try await client.get(thumbnailUrl)
            #expect(poster.status == .ok && poster.headers[.contentType] == "image/jpeg")
            #expect(poster.bytes.starts(with: [0xFF, 0xD8]))

            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
            #expect(finished["attributes"]?["metadata"]?["progress"] == nil)
            let videoUrl = try #require(finished["videoUrl"]?.objectValue)
            #expect(Set(videoUrl.keys) == ["360p", "original"])

            let rung = try await client.get(try #require(videoUrl["360p"]?.string))
            #expect(rung.status == .ok && rung.headers[.contentType] == "video/mp4")
            let rendition = try DownloadedMedia(rung.bytes)
            #expect(rendition.info.videoCodec == "h264" && rendition.info.pixelFormat == "yuv420p")
            #expect(rendition.info.width == 640 && rendition.info.height == 360)
            #expect(abs((rendition.info.duration ?? 0) - 2) < 0.1)
            #expect(rendition.info.audioCodec == "aac")
            #expect(rendition.indexFirst)

            // H.264 + AAC already: `original` is the same streams, copied (the fixture says CRF 30).
            let original = try await client.get(try #require(videoUrl["original"]?.string))
            #expect(original.bytes.firstRange(of: Array("crf=30.0".utf8)) != nil)
            #expect(try DownloadedMedia(original.bytes).indexFirst)

            // A <video> element seeks with ranges.
            let seek = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=360p", method: .get, headers: [.range: "bytes=100-199"], body: nil)
            #expect(seek.status == .partialContent && seek.bytes == Array(rung.bytes[100...199]))

            // Without a resolution, the uploaded bytes.
            let uploaded = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            #expect(uploaded.bytes == (try VideoFixtures.bytes("landscape-h264-aac.mp4")))
            let missing = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=1080p", method: .get, headers: [:], body: nil)
            #expect(missing.status == .notFound)
            let wrong = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=4k", method: .get, headers: [:], body: nil)
            #expect(wrong.status == .badRequest)
        }
        // Only the upload, its poster, two renditions and the 360p rung's HLS init and one segment
        // (a 2 s clip) are stored; no temporary file is left.
        #expect(kiln.storedBlobFiles.count == 6, "\(kiln.storedBlobFiles)")
        #expect(kiln.storedBlobFiles.filter { $0.contains("/hls-") }.count == 2)
        #expect(!kiln.storedBlobFiles.contains { $0.hasPrefix(".tmp") })
    }

    struct Source: Sendable, CustomTestStringConvertible {
        let file: String
        let renditions: [String: (Int, Int)]
        let duration: Double
        let hasAudio: Bool
        var testDescription: String { file }
    }

    static let sources: [Source] = [
        Source(file: "portrait-rotated.mov", renditions: ["original": (270, 480)], duration: 2, hasAudio: true),
        Source(file: "hevc.mov", renditions: ["original": (480, 270)], duration: 2, hasAudio: true),
        Source(file: "vp9-opus.webm", renditions: ["original": (480, 270)], duration: 2, hasAudio: true),
        Source(file: "wmv2-wma.wmv", renditions: ["original": (480, 270)], duration: 2, hasAudio: true),
        Source(file: "broadcast.ts", renditions: ["original": (480, 270)], duration: 2, hasAudio: true),
        Source(file: "anamorphic.mp4", renditions: ["original": (480, 270)], duration: 2, hasAudio: true),
        Source(file: "no-audio.mp4", renditions: ["360p": (640, 360), "original": (640, 360)], duration: 2, hasAudio: false),
        Source(file: "odd-size.webm", renditions: ["original": (322, 182)], duration: 1, hasAudio: false),
        Source(file: "240p.mp4", renditions: ["original": (426, 240)], duration: 1, hasAudio: true),
    ]

    @Test(arguments: sources)
    func everyRenditionIsUprightH264OfItsRungsSize(_ source: Source) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await client.uploadVideo(source.file, to: "/api/v4/clips", headers: alice)
            #expect(response.status == .ok)
            let id = try #require(response.json[0]?["fileId"]?.string)
            #expect(response.json[0]?["type"]?.string == "clip")
            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded", "\(finished["attributes"]?["metadata"]?["failureReason"] ?? .null)")
            let videoUrl = try #require(finished["videoUrl"]?.objectValue)
            #expect(Set(videoUrl.keys) == Set(source.renditions.keys))
            // However small the source, a player has HLS to play.
            #expect(finished["hlsUrl"]?.string != nil, "no hlsUrl for \(source.file)")
            for (name, (width, height)) in source.renditions {
                let download = try await client.get(try #require(videoUrl[name]?.string))
                let rendition = try DownloadedMedia(download.bytes)
                #expect(rendition.info.videoCodec == "h264" && rendition.info.pixelFormat == "yuv420p", "\(name)")
                #expect(rendition.info.width == width && rendition.info.height == height, "\(name)")
                #expect(rendition.info.rotation == 0, "\(name)")
                #expect(abs((rendition.info.duration ?? 0) - source.duration) < 0.1, "\(name): \(rendition.info.duration ?? 0)")
                #expect(rendition.info.hasAudio == source.hasAudio, "\(name)")
                #expect(rendition.indexFirst, "\(name)")
            }
        }
    }

    @Test func uploadsThatAreNotPlayableVideoAreRefusedAndLeaveNothing() async throws {
        var limits = UploadLimits.default
        limits.maxClipSeconds = 1
        let kiln = try TestKiln(limits: limits)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let cases: [(file: String, path: String, status: HTTPResponse.Status, message: String)] = [
            ("tone.m4a", "/api/v4/videos", .unsupportedMediaType, "no video stream"),
            ("corrupt.mp4", "/api/v4/videos", .unprocessableContent, "cannot be read"),
            ("over-4k.mp4", "/api/v4/videos", .unprocessableContent, "3840×2160"),
            ("240fps.mp4", "/api/v4/videos", .unprocessableContent, "120 frames"),
            ("landscape-h264-aac.mp4", "/api/v4/clips", .unprocessableContent, "a clip may run at most 1 seconds"),
            // Its container does not say how long it runs; its timestamps do.
            ("piped.asf", "/api/v4/clips", .unprocessableContent, "a clip may run at most 1 seconds; this one runs 2"),
        ]
        try await kiln.run { client in
            for item in cases {
                let response = try await client.uploadVideo(item.file, to: item.path, headers: alice)
                #expect(response.status == item.status, "\(item.file)")
                #expect(response.json["message"]?.string?.contains(item.message) == true, "\(item.file): \(response.json)")
            }
            let image = try await client.upload(
                .file(try TestKiln.fixture("images/photo.png"), filename: "photo.png"), to: "/api/v4/videos", headers: alice)
            #expect(image.status == .unsupportedMediaType)
        }
        #expect(try await kiln.rowCount() == 0)
        #expect(kiln.storedBlobFiles.isEmpty, "\(kiln.storedBlobFiles)")
    }

    @Test func audioBecomesAnAudioFileWithAnAACRendition() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await client.upload(
                .file(try VideoFixtures.bytes("tone.m4a"), filename: "tone.m4a"), to: "/api/v4/files", headers: alice)
            let object = try #require(response.json[0])
            let id = try #require(object["fileId"]?.string)
            #expect(object["type"]?.string == "audio")
            #expect(object["videoUrl"] == nil)
            let metadata = try #require(object["attributes"]?["metadata"])
            #expect(metadata["duration"]?.number == 2)
            #expect(metadata["audioCodec"]?.string == "aac")
            #expect((metadata["bitRate"]?.number ?? 0) > 0)
            #expect(metadata["width"] == nil && metadata["thumbnailUrl"] == nil)

            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
            let download = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=original", method: .get, headers: [:], body: nil)
            #expect(download.headers[.contentType] == "audio/mp4")
            let audio = try DownloadedMedia(download.bytes)
            #expect(audio.info.audioCodec == "aac" && !audio.info.hasVideo)
            #expect(abs((audio.info.duration ?? 0) - 2) < 0.1)
        }
    }

    @Test func aNetworkVideoHandsOutSignedRenditionAndPosterURLs() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let response = try await client.uploadVideo("no-audio.mp4", fields: [("accessType", "network")], headers: alice)
            let id = try #require(response.json[0]?["fileId"]?.string)
            let finished = try await client.waitUntilFinished(id, headers: alice)
            let thumbnailUrl = try #require(finished["attributes"]?["metadata"]?["thumbnailUrl"]?.string)
            let rendition = try #require(finished["videoUrl"]?["360p"]?.string)
            for url in [thumbnailUrl, rendition] {
                #expect(url.contains("&exp=") && url.contains("&sig="), "\(url)")
                #expect(try await client.get(url).status == .ok, "\(url)")
            }
            let unsigned = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?resolution=360p", method: .get, headers: [:], body: nil)
            #expect(unsigned.status == .unauthorized)
        }
    }
}
