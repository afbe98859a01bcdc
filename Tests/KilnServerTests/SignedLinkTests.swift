import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// A derived link opens exactly what it names; only a file object's `signedUrl` grants the whole file.
struct SignedLinkTests {
    /// `url` with its query items other than the signature's replaced by `items`.
    func rewritten(_ url: String, items: [String]) -> String {
        let parts = url.split(separator: "?", maxSplits: 1)
        let signature = parts[1].split(separator: "&").filter { $0.hasPrefix("exp=") || $0.hasPrefix("sig=") }
        return String(parts[0]) + "?" + (items + signature.map(String.init)).joined(separator: "&")
    }

    @Test func derivedLinksOfANetworkVideoOpenOnlyWhatTheyName() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try #require(
                try await client.uploadVideo("no-audio.mp4", fields: [("accessType", "network")], headers: alice)
                    .json[0]?["fileId"]?.string)
            let object = try await client.waitUntilFinished(id, headers: alice)
            #expect(object["status"]?.string == "transcoded")
            let thumbnail = try #require(object["attributes"]?["metadata"]?["thumbnailUrl"]?.string)
            let rendition = try #require(object["videoUrl"]?["360p"]?.string)
            let original = try #require(object["videoUrl"]?["original"]?.string)
            let whole = try #require(object["signedUrl"]?.string)

            for url in [thumbnail, rendition, original] { #expect(try await client.get(url).status == .ok, "\(url)") }
            // Same signature, another variant or none: refused.
            let changed = [
                rewritten(thumbnail, items: []),
                rewritten(thumbnail, items: ["resolution=360p"]),
                rewritten(thumbnail, items: ["size=poster", "resolution=360p"]),
                rewritten(rendition, items: []),
                rewritten(rendition, items: ["resolution=original"]),
                rewritten(rendition, items: ["resolution=360p", "resolution=original"]),
                rewritten(original, items: ["size=poster"]),
            ]
            for url in changed {
                let refused = try await client.get(url)
                #expect(refused.status == .unauthorized, "\(url)")
                #expect(refused.json["status"]?.string == "error")
            }
            // The order of the items does not matter, their values do.
            let reordered = rewritten(thumbnail, items: []).replacingOccurrences(of: "?", with: "?size=poster&")
            #expect(try await client.get(reordered).status == .ok)

            // The file object's signedUrl is a grant for the whole file: the client appends the variant.
            #expect(try await client.get(whole).bytes == (try VideoFixtures.bytes("no-audio.mp4")))
            #expect(try await client.get(whole + "&size=poster").headers[.contentType] == "image/jpeg")
            #expect(try await client.get(whole + "&resolution=360p").headers[.contentType] == "video/mp4")
        }
    }

    @Test func roomLinksOpenOnlyWhatTheyName() async throws {
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let service = try await kiln.authorization("room-service", role: .service)
        try await kiln.run { client in
            _ = try await client.registerRecording("no-audio.mp4", in: "scoped", headers: service)
            let room = try await client.waitForRoom("scoped", in: ["recorded"], headers: service)
            let info = try #require(room["recordedPlaybackInfos"]?[0])
            let watch = try #require(info["url"]?.string), thumbnail = try #require(info["thumbnailUrl"]?.string)
            let best = try #require(room["recordedUrls"]?[0]?.string)

            #expect(try await client.get(watch).status == .found)
            #expect(try await client.get(thumbnail).status == .found)
            #expect(try await client.get(rewritten(watch, items: ["resolution=original"])).status == .unauthorized)
            #expect(try await client.get(rewritten(best, items: [])).status == .unauthorized)
            #expect(try await client.get(rewritten(best, items: ["resolution=original"])).status == .unauthorized)
            // A redirect's target is scoped the same way.
            let poster = try #require(try await client.get(thumbnail).headers[.location])
            #expect(try await client.get(poster).status == .ok)
            #expect(try await client.get(rewritten(poster, items: [])).status == .unauthorized)
        }
    }
}
