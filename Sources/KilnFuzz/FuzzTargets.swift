import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

@testable import KilnCore
@testable import KilnDecoding
@testable import KilnVideo
@testable import KilnDomain
@testable import KilnImaging
@testable import KilnServer
@testable import KilnStorage

/// libFuzzer's entry point; `KILN_FUZZ_TARGET` names the parser this run feeds (see scripts/fuzz).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

/// Each target hands arbitrary bytes to one parser of untrusted input; a crash, a trap or a
/// sanitizer report is a finding, any thrown error is the parser doing its job.
enum FuzzTarget: String, CaseIterable {
    case multipart, range, sniffer, jpeg, exif, pathID = "path-id", authorization, roomDate = "room-date"
    case sandboxAnswers = "sandbox-answers"

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["KILN_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("KILN_FUZZ_TARGET must be one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .multipart: Self.multipart(bytes)
        case .range: Self.range(bytes)
        case .sniffer: _ = MediaSniffer.sniff(bytes)
        case .jpeg: Self.jpeg(bytes)
        case .exif: Self.exif(bytes)
        case .pathID: Self.pathID(bytes)
        case .authorization: Self.authorization(bytes)
        case .roomDate: Self.roomDate(bytes)
        case .sandboxAnswers: Self.sandboxAnswers(bytes)
        }
    }

    /// The first byte sets the chunk size, so part boundaries fall anywhere in the parser's input.
    static func multipart(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let chunkSize = Int(first) + 1
        let body = Array(bytes.dropFirst())
        let chunks = stride(from: 0, to: body.count, by: chunkSize).map {
            ByteBuffer(bytes: body[$0..<min($0 + chunkSize, body.count)])
        }
        let request = Request(
            head: HTTPRequest(
                method: .post, scheme: "http", authority: "fuzz", path: "/api/v4/images",
                headerFields: [.contentType: "multipart/form-data; boundary=b"]),
            body: RequestBody(asyncSequence: ChunkSequence(chunks: chunks)))
        blocking {
            let reader = MultipartUploadReader(
                endpoint: .images, limits: UploadLimits(maxFileBytes: 1 << 20, maxVideoBytes: 1 << 20, maxImageBytes: 1 << 20),
                blobs: scratchStore, logger: .init(label: "fuzz"))
            if let received = try? await reader.read(request) { await received.upload.abort() }
        }
    }

    static func range(_ bytes: [UInt8]) {
        let header = String(decoding: bytes, as: UTF8.self)
        for size in [0, 1, Int64(bytes.count), 1 << 40] { _ = RangeRequest(header: header, size: size) }
    }

    /// The first two bytes say how much of the rest is an ICC profile; the rest is the JPEG.
    static func jpeg(_ bytes: [UInt8]) {
        guard bytes.count >= 2 else { return }
        let split = min(bytes.count - 2, Int(bytes[0]) << 8 | Int(bytes[1]))
        let profile = Array(bytes[2..<(2 + split)]), jpeg = Array(bytes[(2 + split)...])
        _ = JPEGMarkers.embeddingICCProfile(profile, in: jpeg)
    }

    /// Lines of the input are the values of the EXIF and GPS fields, in turn.
    static func exif(_ bytes: [UInt8]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return }
        let reader = ExifReader { name in lines[abs(name.hashValue) % lines.count] }
        _ = reader.exif
        _ = reader.gps
        for line in lines { _ = ExifReader.rationals(line) }
    }

    static func pathID(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        _ = FileID(rawValue: text)
        _ = PlaybackID(rawValue: text)
        _ = RoomID(rawValue: text)
    }

    /// The input is an Authorization header value; after a newline, a query string for a signed URL.
    static func authorization(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var fields = HTTPFields()
        fields[.authorization] = parts[0]
        let query = parts.count > 1 ? parts[1].filter { !$0.isWhitespace && $0 != "#" } : ""
        let request = Request(
            head: HTTPRequest(
                method: .get, scheme: "http", authority: "fuzz", path: "/api/v3/files/x/download?" + query, headerFields: fields),
            body: RequestBody(buffer: ByteBuffer()))
        _ = TokenAuthority.algorithm(of: parts[0])
        _ = SignedQuery(query)
        blocking {
            // What the authentication middleware and a signed download check do with it.
            if let token = AuthenticationMiddleware.bearerToken(of: request) {
                _ = try? await FuzzServices.tokens().verify(token: token)
            }
            try? FuzzServices.signer.verify(path: "/api/v3/files/x/download", rawQuery: request.uri.query)
        }
    }

    /// `startedAt` and `endedAt`, separated by a newline.
    static func roomDate(_ bytes: [UInt8]) {
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        _ = try? RoomRecording.validatedWindow(startedAt: String(parts[0]), endedAt: parts.count > 1 ? String(parts[1]) : nil)
    }
}

extension FuzzTarget {
    static let sandboxJobs: [DecodeJob] = [
        .probe(input: "/in"), .poster(input: "/in"),
        .ladder(
            input: "/in", targets: [RenditionTarget(rung: Rung(name: "360p", width: 640, height: 360, maxBitRate: 800_000), path: "/out")],
            hls: true),
        .image(ImagePipeline(path: "/in", mimeType: "image/jpeg", fullImage: false, maxPixels: 50_000_000)),
    ]

    /// What a taken-over sandbox child could write on its pipe: the first byte sets the size of the
    /// pieces the parent reads it in; every whole frame is checked as each kind of job would check it.
    static func sandboxAnswers(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let pieceSize = Int(first) + 1
        let stream = Array(bytes.dropFirst())
        var frames = SandboxFrameReader()
        for start in stride(from: 0, to: stream.count, by: pieceSize) {
            stream[start..<min(start + pieceSize, stream.count)].withUnsafeBytes { frames.append($0) }
            while let (message, payload) = (try? frames.next()) ?? nil {
                for job in sandboxJobs { _ = try? SandboxAnswerCheck(job: job).event(of: message, payload: payload) }
            }
            if frames.isBroken { return }
        }
    }
}

/// One blob store for every multipart run, in a folder of its own.
let scratchStore: FileSystemBlobStore = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-fuzz-\(getpid())").path
    return try! FileSystemBlobStore(root: folder)
}()

enum FuzzServices {
    static let secret = try! JWTSecret(bytes: Array("fuzzing-secret-of-at-least-32-bytes".utf8))

    static let signer = URLSigner(secret: secret, lifetime: .seconds(60))

    static func tokens() async -> TokenAuthority { await TokenAuthority(secret: secret) }
}

struct ChunkSequence: AsyncSequence, Sendable {
    let chunks: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
}

/// libFuzzer calls in synchronously; async parsers run to completion before the next input.
func blocking(_ work: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await work()
        done.signal()
    }
    done.wait()
}
