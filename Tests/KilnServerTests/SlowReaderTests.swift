import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Testing

@testable import KilnDomain
@testable import KilnServer

/// Clients that stop reading a download: cut once the download floor's grace is over (on a clock the
/// test moves), and, from an object store, never holding more of its connections than the proxied-read
/// budget, so uploads, HEADs and HLS go on. Serialized: both count cuts in the process's metrics.
@Suite(.serialized)
struct SlowReaderTests {
    static let cuts = #"kiln_slow_readers_cut_total{body="download"}"#
    static let refusals = #"kiln_proxied_reads_refused_total{body="download"}"#

    /// A client with a small receive window that asks for `path` and stops reading once the answer's
    /// head is in (a refusal's body too): what it received.
    static func stalledReader(_ path: String, port: Int) throws -> (connection: RawHTTPConnection, received: String) {
        let connection = try RawHTTPConnection(port: port, receiveBuffer: 4096)
        connection.send(Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8))
        let received = connection.readAnswer(within: Patience.seconds) { answer in
            answer.contains("\r\n\r\n") && (answer.hasPrefix("HTTP/1.1 200") || answer.hasSuffix("}"))
        }
        return (connection, received)
    }

    static func stalledReaders(_ count: Int, of path: String, port: Int) async throws -> [(connection: RawHTTPConnection, received: String)] {
        try await withThrowingTaskGroup(of: (connection: RawHTTPConnection, received: String).self) { group in
            for _ in 0..<count {
                group.addTask { try await RawHTTPConnection.blocking { try stalledReader(path, port: port) } }
            }
            var readers: [(connection: RawHTTPConnection, received: String)] = []
            for try await reader in group { readers.append(reader) }
            return readers
        }
    }

    /// Moves the watch's clock on until the metrics show `cut` more slow readers cut.
    static func advanceUntilCut(_ cut: Double, since before: Double, clock: ManualClock, client: some TestClientProtocol)
        async throws -> Double
    {
        try await eventually {
            clock.advance(by: .seconds(5))
            return try await MetricsTests.scrape(client).value(cuts)
        } until: { $0 >= before + cut }
    }

    /// From the data folder, where a stalled client holds an open file (sent from the page cache).
    @Test func aClientThatStopsReadingIsCutAfterTheGraceAndItsFileIsLetGo() async throws {
        var kiln = try TestKiln()
        defer { kiln.removeData() }
        let clock = ManualClock()
        kiln.configuration.downloads = DownloadLimits(minimumRate: 1 << 20, grace: .seconds(10))
        kiln.configuration.downloadClock = clock
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { [kiln] client in
            let bytes = [UInt8](repeating: 9, count: 16 << 20)
            let id = try await DownloadTests().upload(client, bytes, headers: alice)
            let blob = try #require(kiln.storedBlobFiles.first?.split(separator: "/").last.map(String.init))
            let holdsTheBlob = { (open: [String]) in open.contains { $0.hasSuffix("/" + blob) } }
            let port = try #require(client.port)
            let before = try await MetricsTests.scrape(client).value(Self.cuts)

            let (reader, head) = try await RawHTTPConnection.blocking {
                try Self.stalledReader("/api/v3/files/\(id)/download", port: port)
            }
            #expect(head.hasPrefix("HTTP/1.1 200"))
            // A client that reads is served whole while the other one sits there.
            let whole = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: [:], body: nil)
            #expect(whole.bytes == bytes)

            let after = try await Self.advanceUntilCut(1, since: before, clock: clock, client: client)
            #expect(after >= before + 1)
            let (rest, closed) = try await RawHTTPConnection.blocking { reader.readUntilClosed(within: Patience.seconds) }
            #expect(closed, "the stalled client's connection is closed")
            #expect(head.utf8.count + rest.utf8.count < bytes.count, "it was cut, not served")
            #expect(!holdsTheBlob(await eventually(ZeroCopyDownloadTests.openFiles) { !holdsTheBlob($0) }))
        }
    }

    @Test(.enabled(if: S3Testing.location(prefix: "probe/") != nil, "needs KILN_TEST_S3_* (scripts/test starts SeaweedFS)"))
    func stalledProxiedReadsLeaveTheStoreToUploadsHeadsAndHLS() async throws {
        var (kiln, _) = try S3ServingTests.kiln()
        defer { kiln.removeData() }
        let clock = ManualClock()
        // A floor no client on this machine could keep to once the clock moves; until it moves, none is cut.
        kiln.configuration.downloads = DownloadLimits(minimumRate: 1 << 30, grace: .seconds(30), proxiedReads: 2)
        kiln.configuration.downloadClock = clock
        let alice = try await kiln.authorization()
        try await kiln.run(.live) { client in
            let video = try #require(try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice).json[0]?["fileId"]?.string)
            let master = try #require(try await client.waitUntilFinished(video, headers: alice)["hlsUrl"]?.string)
            // Larger than every buffer between the store and a client, so a stalled client holds its
            // store connection.
            let big = [UInt8](repeating: 9, count: 32 << 20)
            let bigId = try await DownloadTests().upload(client, big, headers: alice)
            let small = try await DownloadTests().upload(client, Samples.text, headers: alice)
            let port = try #require(client.port)
            let before = try await MetricsTests.scrape(client)

            // More stalled downloads than the store client has connections (64).
            let readers = try await Self.stalledReaders(70, of: "/api/v3/files/\(bigId)/download", port: port)
            let held = readers.filter { $0.received.hasPrefix("HTTP/1.1 200") }
            let refused = readers.filter { $0.received.hasPrefix("HTTP/1.1 503") }
            #expect(held.count == 2)
            #expect(refused.count == 68)
            for reader in refused {
                #expect(reader.received.lowercased().contains("retry-after: 1\r\n"))
                #expect(reader.received.contains(#""code":503"#) && reader.received.contains(#""status":"error""#))
            }

            // Everything else still reaches the store.
            let upload = try await client.upload(.file(Samples.text, filename: "during.txt"), headers: alice)
            #expect(upload.status == .ok && upload.json[0]?["fileId"]?.string != nil, "\(upload.status)")
            let head = try await client.executeRequest(uri: "/api/v3/files/\(bigId)/download", method: .head, headers: [:], body: nil)
            #expect(head.status == .ok && head.headers[.contentLength] == String(big.count))
            let masterAnswer = try await client.get(master)
            #expect(masterAnswer.status == .ok)
            let mediaURL = try #require(HLSDeliveryTests.uris(in: String(decoding: masterAnswer.bytes, as: UTF8.self), of: master).first)
            let media = try await client.get(mediaURL)
            #expect(media.status == .ok)
            let segments = HLSDeliveryTests.uris(in: String(decoding: media.bytes, as: UTF8.self), of: mediaURL)
            #expect(segments.count == 2)
            for segment in segments {
                let answer = try await client.get(segment)
                #expect(answer.status == .ok && !answer.bytes.isEmpty, "\(segment)")
                let segmentHead = try await client.executeRequest(
                    uri: String(segment.dropFirst("http://kiln.test".count)), method: .head, headers: [:], body: nil)
                #expect(segmentHead.status == .ok && segmentHead.headers[.contentLength] == String(answer.bytes.count))
            }
            // Another download waits its moment, then is told to come back.
            let busy = try await client.executeRequest(uri: "/api/v3/files/\(small)/download", method: .get, headers: [:], body: nil)
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.json["code"]?.number == 503)
            let during = try await MetricsTests.scrape(client)
            #expect(during.value(Self.refusals) - before.value(Self.refusals) >= 69)

            // Past the grace the two stalled readers are cut, and their store connections and slots freed.
            let cut = try await Self.advanceUntilCut(2, since: during.value(Self.cuts), clock: clock, client: client)
            #expect(cut >= during.value(Self.cuts) + 2)
            for reader in held {
                let (rest, closed) = try await RawHTTPConnection.blocking { reader.connection.readUntilClosed(within: Patience.seconds) }
                #expect(closed, "a stalled client's connection is closed")
                #expect(reader.received.utf8.count + rest.utf8.count < big.count, "it was cut, not served")
            }
            let served = try await eventually {
                try await client.executeRequest(uri: "/api/v3/files/\(small)/download", method: .get, headers: [:], body: nil)
            } until: { $0.status == .ok }
            #expect(served.status == .ok && served.bytes == Samples.text)
            withExtendedLifetime(readers) {}
        }
    }
}
