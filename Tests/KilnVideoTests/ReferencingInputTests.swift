import Foundation
import KilnCore
import KilnTestTools
import Testing

@testable import KilnVideo

/// libav's playlist and list demuxers (HLS, ffconcat, DASH) open the files and URLs an input names.
/// An upload is only ever read as itself: each of these refers to a real media file beside it that a
/// probe without a format whitelist reads happily (checked with ffprobe 5.1: it reports the
/// referenced file's streams), and the probe must refuse every one.
struct ReferencingInputTests {
    /// A folder holding a real MPEG-TS segment and the inputs that point at it.
    struct Folder {
        let path: String
        var segment: String { path + "/seg.ts" }
        var audioSegment: String { path + "/tone.m4a" }

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-refs-\(FileID.random())").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: MediaProbeTests.path("broadcast.ts"), toPath: segment)
            try FileManager.default.copyItem(atPath: MediaProbeTests.path("tone.m4a"), toPath: audioSegment)
        }

        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let file = path + "/" + name
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return file
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func playlistsAndListsThatNameOtherFilesAreRefused() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let inputs = [
            ("an HLS playlist", HostileMedia.hlsPlaylist(segment: folder.segment)),
            ("an HLS playlist that does not sniff as text", HostileMedia.hlsPlaylist(segment: folder.segment, binary: true)),
            ("an HLS playlist behind an ID3 tag", HostileMedia.id3Tagged(HostileMedia.hlsPlaylist(segment: folder.audioSegment))),
            ("an ffconcat list", HostileMedia.ffconcat(relativeSegment: "seg.ts")),
        ]
        for (what, bytes) in inputs {
            // No extension: the name says nothing, as with an upload's temporary file.
            let path = try folder.write("upload-\(FileID.random())", bytes)
            #expect(throws: AVFailure.self, "\(what)") { try MediaProbe.probe(path: path) }
            do {
                _ = try MediaProbe.probe(path: path)
            } catch {
                #expect((error as? AVFailure)?.isUnacceptedContainer == true, "\(what): \(error)")
            }
            // Decoding and transcoding open inputs the same way.
            #expect(throws: AVFailure.self, "\(what)") { try PosterFrame.extract(from: path) }
        }
        // The segment itself is media Kiln reads.
        #expect(try MediaProbe.probe(path: folder.segment).videoCodec == "h264")
    }
}
