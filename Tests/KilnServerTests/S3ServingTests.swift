import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import Logging
import NIOCore
import Testing

@testable import KilnDomain
@testable import KilnStorage
@testable import KilnServer

/// The real app on an S3-compatible bucket (`KILN_TEST_S3_*`, which `scripts/test` sets).
@Suite(.enabled(if: S3Testing.location(prefix: "probe/") != nil, "needs KILN_TEST_S3_* (scripts/test starts SeaweedFS)"))
struct S3ServingTests {
    static func kiln(redirects: Bool = false) throws -> (TestKiln, S3Location) {
        var kiln = try TestKiln()
        let location = S3Testing.location(prefix: "kiln-test-\(FileID.random().rawValue.prefix(12))/")!
        kiln.configuration.blobStore = .s3(location, redirectDownloads: redirects)
        return (kiln, location)
    }

    static func objects(at location: S3Location) async throws -> [String] {
        let store = try await S3BlobStore.open(
            location, scratchFolder: FileManager.default.temporaryDirectory.path + "/kiln-s3-probe", scratchBytes: 1 << 20)
        return try await store.listObjects(prefix: location.prefix).map(\.key)
    }

    @Test func filesAreStoredReadRangedAndDeletedInTheBucket() async throws {
        let (kiln, location) = try Self.kiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let id = try await kiln.run { client in
            let id = try #require(try await client.upload(.file(bytes, filename: "data.bin"), headers: alice).json[0]?["fileId"]?.string)
            let uri = "/api/v3/files/\(id)/download"
            let whole = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
            #expect(whole.status == .ok)
            #expect(whole.bytes == bytes)
            let part = try await client.executeRequest(uri: uri, method: .get, headers: [.range: "bytes=1000-1999"], body: nil)
            #expect(part.status == .partialContent)
            #expect(part.headers[.contentRange] == "bytes 1000-1999/200000")
            #expect(part.bytes == Array(bytes[1000...1999]))
            let etag = try #require(whole.headers[.eTag])
            #expect(try await client.executeRequest(uri: uri, method: .get, headers: [.ifNoneMatch: etag], body: nil).status == .notModified)
            let photo = try TestKiln.fixture("images/exif-gps.jpg")
            let imageUpload = try await client.upload(.file(photo, filename: "photo.jpg"), to: "/api/v4/images", headers: alice)
            let image = try #require(imageUpload.json[0]?["fileId"]?.string, "\(imageUpload.status) \(String(decoding: imageUpload.bytes, as: UTF8.self))")
            let small = try await client.executeRequest(uri: "/api/v3/files/\(image)/download?size=small", method: .get, headers: [:], body: nil)
            #expect(small.status == .ok)
            #expect(small.headers[.contentType]?.hasPrefix("image/") == true)
            #expect(small.bytes.count > 100)
            #expect(try await client.executeRequest(uri: "/api/v3/files/\(image)", method: .delete, headers: alice, body: nil).status == .ok)
            return id
        }
        #expect(try await Self.objects(at: location) == [location.prefix + id + "/original"])
        #expect(kiln.storedBlobFiles.isEmpty)
    }

    /// A size asked for by URL is made from the original in the bucket and kept there as an object.
    @Test func aSizeOnRequestIsMadeFromTheBucketAndKeptThere() async throws {
        let (kiln, location) = try Self.kiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let id = try await kiln.run { client in
            let upload = try await client.upload(
                .file(try TestKiln.fixture("images/large.jpg"), filename: "p.jpg"), to: "/api/v4/images", headers: alice)
            let id = try #require(upload.json[0]?["fileId"]?.string)
            let sized = try await client.executeRequest(
                uri: "/api/v3/files/\(id)/download?w=300&h=300&resize=crop&crop=bottom", method: .get, headers: [:], body: nil)
            #expect(sized.status == .ok)
            #expect(try ImageSizesOnRequestTests.dimensions(sized.bytes) == (300, 300))
            return id
        }
        #expect(try await Self.objects(at: location).contains(location.prefix + id + "/w300-h300-crop-bottom"))
    }

    @Test func aWorkerTranscodesASourceItReadsFromTheBucket() async throws {
        let (kiln, location) = try Self.kiln()
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        try await kiln.run { client in
            let id = try #require(try await client.uploadVideo("landscape-h264-aac.mp4", headers: alice).json[0]?["fileId"]?.string)
            let finished = try await client.waitUntilFinished(id, headers: alice)
            #expect(finished["status"]?.string == "transcoded")
            let rendition = try await client.get(try #require(finished["videoUrl"]?["360p"]?.string))
            #expect(rendition.status == .ok)
            #expect(abs((try DownloadedMedia(rendition.bytes).info.duration ?? 0) - 2) < 0.1)
        }
        // Nothing left in the scratch space; every object belongs to the file.
        #expect(BlobScratch.files(in: kiln.configuration.dataDirectory + "/scratch").isEmpty)
        #expect(try await Self.objects(at: location).allSatisfy { $0.hasPrefix(location.prefix) })
    }

    @Test func redirectedDownloadsGoStraightToTheStore() async throws {
        let (kiln, _) = try Self.kiln(redirects: true)
        defer { kiln.removeData() }
        let alice = try await kiln.authorization()
        let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try await kiln.run { client in
            let object = try #require(
                try await client.upload(.file(bytes, filename: "notes.txt", fields: [("accessType", "network")]), headers: alice).json[0])
            let id = try #require(object["fileId"]?.string)
            // A token's download is redirected no longer than the token lasts.
            let redirect = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .get, headers: alice, body: nil)
            #expect(redirect.status == .found)
            let location = try #require(redirect.headers[.location])
            let fetched = try await S3Testing.fetch(location)
            #expect(fetched.status == 200)
            #expect(fetched.bytes == bytes)
            // The store answers with the type Kiln sniffed, not whatever the object was stored as.
            #expect(fetched.headers["content-type"]?.hasPrefix("application/octet-stream") == true)
            let ranged = try await S3Testing.fetch(location, headers: [("Range", "bytes=10-19")])
            #expect(ranged.status == 206)
            #expect(ranged.bytes == Array(bytes[10...19]))
            // A HEAD is answered by the node: the presigned URL is good for GET only.
            let head = try await client.executeRequest(uri: "/api/v3/files/\(id)/download", method: .head, headers: alice, body: nil)
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == String(bytes.count))
            let tampered = location.replacingOccurrences(of: "X-Amz-Signature=", with: "X-Amz-Signature=0")
            #expect(try await S3Testing.fetch(tampered).status == 403)

            // A signed link's download is redirected no longer than the link lasts.
            let signed = try #require(object["signedUrl"]?.string)
            let path = String(signed.dropFirst("http://kiln.test".count))
            let linkExpiry = try #require(URLComponents(string: signed)?.queryItems?.first { $0.name == "exp" }?.value.flatMap(Double.init))
            let viaLink = try await client.executeRequest(uri: path, method: .get, headers: [:], body: nil)
            #expect(viaLink.status == .found)
            let target = try #require(viaLink.headers[.location])
            let presigned = try #require(URLComponents(string: target)?.queryItems)
            let signedAt = try #require(presigned.first { $0.name == "X-Amz-Date" }?.value.flatMap(SigV4Stamp.date))
            let lasts = try #require(presigned.first { $0.name == "X-Amz-Expires" }?.value.flatMap(Double.init))
            #expect(signedAt.timeIntervalSince1970 + lasts <= linkExpiry + 1)
        }
    }

    /// Refused past its limit after a part has gone up: the multipart upload is aborted with it.
    @Test func anUploadRefusedHalfWayLeavesNoObjectAndNoPendingUpload() async throws {
        var (kiln, location) = try Self.kiln()
        defer { kiln.removeData() }
        kiln.configuration.limits = UploadLimits(maxFileBytes: 12 << 20, maxVideoBytes: 12 << 20, maxImageBytes: 12 << 20)
        let alice = try await kiln.authorization()
        // Under the limit plus the form allowance, so it is refused while streaming, not from its length.
        let bytes = [UInt8](repeating: 42, count: (12 << 20) + (512 << 10))
        try await kiln.run { client in
            let refused = try await client.upload(.file(bytes, filename: "big.bin"), headers: alice)
            #expect(refused.status == .contentTooLarge)
        }
        let store = try await S3BlobStore.open(
            location, scratchFolder: kiln.dataDirectory + "/probe", scratchBytes: 1 << 20)
        #expect(try await store.listObjects(prefix: location.prefix).isEmpty)
        #expect(try await store.listMultipartUploads().isEmpty)
        #expect(BlobScratch.files(in: kiln.configuration.dataDirectory + "/scratch").isEmpty)
    }

    @Test func aNodeRefusesToStartOnAWrongKeyAMissingBucketOrNoStore() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let kiln = try TestKiln()
        defer { kiln.removeData() }
        let good = S3Testing.location(prefix: "x/")!
        let wrongKey = try S3Location(
            endpoint: good.origin, bucket: good.bucket,
            credentials: SigV4.Credentials(accessKey: good.credentials.accessKey, secretKey: "not-the-secret-key-at-all"))
        let noBucket = try S3Location(endpoint: good.origin, bucket: "no-such-bucket-\(FileID.random().rawValue.prefix(8))", credentials: good.credentials)
        let noStore = try S3Location(
            endpoint: "http://127.0.0.1:9", bucket: good.bucket, credentials: good.credentials, timeout: .seconds(1))
        for (location, expected) in [(wrongKey, "refuses these credentials"), (noBucket, "does not exist"), (noStore, "unreachable")] {
            var configuration = kiln.configuration
            configuration.blobStore = .s3(location, redirectDownloads: false)
            do {
                _ = try await buildApplication(configuration, logger: logger)
                Issue.record("started with \(location)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
                #expect(!"\(error)".contains(location.credentials.secretKey))
            }
        }
    }
}

enum S3Testing {
    static func location(prefix: String) -> S3Location? {
        let environment = ProcessInfo.processInfo.environment
        guard let endpoint = environment["KILN_TEST_S3_ENDPOINT"], let bucket = environment["KILN_TEST_S3_BUCKET"],
            let access = environment["KILN_TEST_S3_ACCESS_KEY"], let secret = environment["KILN_TEST_S3_SECRET_KEY"]
        else { return nil }
        return try? S3Location(
            endpoint: endpoint, bucket: bucket, prefix: prefix, credentials: SigV4.Credentials(accessKey: access, secretKey: secret))
    }

    struct Fetched {
        let status: Int
        let headers: [String: String]
        let bytes: [UInt8]
    }

    /// What a browser following the redirect gets.
    static func fetch(_ url: String, headers: [(String, String)] = []) async throws -> Fetched {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        let fields = Dictionary(response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        return Fetched(status: Int(response.status.code), headers: fields, bytes: Array(body.readableBytesView))
    }
}

enum SigV4Stamp {
    static func date(_ stamp: String) -> Date? {
        var style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeSeparator(.omitted).dateSeparator(.omitted)
            .dateTimeSeparator(.standard)
        return try? style.parse(stamp)
    }
}

enum BlobScratch {
    static func files(in folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    }
}
