import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnTestTools
import Testing

@testable import KilnServer

/// Uploads that are playlists or lists naming other files on the server: libav would read those
/// files as if they were the upload (a video of someone else's bytes, or a way to learn what a path
/// holds). Each is refused, or kept as the plain bytes it is, and nothing it names is read.
struct ReferencingUploadTests {
    /// A real segment in a folder of the test's own; the playlists below name it.
    static func segmentFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-refs-\(FileID.random())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(try VideoFixtures.bytes("broadcast.ts")).write(to: URL(fileURLWithPath: folder + "/seg.ts"))
        try Data(try VideoFixtures.bytes("tone.m4a")).write(to: URL(fileURLWithPath: folder + "/tone.m4a"))
        return folder
    }

    @Test(arguments: ["/api/v4/videos", "/api/v4/clips"])
    func aPlaylistOrListUploadedAsAVideoIsRefused(_ endpoint: String) async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let folder = try Self.segmentFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            // ffconcat resolves its names against the upload's own temporary folder.
            let besideUploads = kiln.configuration.blobFolder + "/.tmp/seg.ts"
            try Data(try VideoFixtures.bytes("broadcast.ts")).write(to: URL(fileURLWithPath: besideUploads))
            defer { unlink(besideUploads) }
            for (what, bytes) in [
                ("HLS", HostileMedia.hlsPlaylist(segment: folder + "/seg.ts", binary: true)),
                ("ffconcat", HostileMedia.ffconcat(relativeSegment: "seg.ts")),
            ] {
                let response = try await client.upload(.file(bytes, filename: "clip.mp4"), to: endpoint, headers: alice)
                #expect(response.status == .unsupportedMediaType, "\(what): \(response.json)")
                #expect(response.json["status"]?.string == "error", "\(what)")
                #expect(response.json["code"]?.number == 415, "\(what)")
                #expect(response.json["message"]?.string?.contains("container") == true, "\(what): \(response.json)")
            }
        }
        #expect(try await kiln.rowCount() == 0)
        #expect(kiln.storedBlobFiles.isEmpty, "\(kiln.storedBlobFiles)")
    }

    /// `/api/v4/files` takes any bytes, so a playlist is stored as the file it is; but one that sniffs
    /// as audio (behind an ID3 tag) is not read through to the audio it names.
    @Test func aPlaylistUploadedAsAFileStaysPlainBytes() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let folder = try Self.segmentFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let bytes = HostileMedia.id3Tagged(HostileMedia.hlsPlaylist(segment: folder + "/tone.m4a"))
            let response = try await client.upload(.file(bytes, filename: "song.mp3"), headers: alice)
            #expect(response.status == .ok)
            let object = try #require(response.json[0])
            #expect(object["type"]?.string == "file", "\(object)")
            #expect(object["status"]?.string == "uploaded")
            #expect(object["attributes"]?["metadata"]?["duration"] == nil, "\(object)")
            #expect(object["attributes"]?["metadata"]?["audioCodec"] == nil, "\(object)")
        }
    }
}
