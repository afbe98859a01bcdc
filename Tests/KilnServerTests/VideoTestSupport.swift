import Foundation
import Hummingbird
import HummingbirdTesting
import KilnCore
import KilnVideo
import Testing

@testable import KilnDomain
@testable import KilnServer

enum VideoFixtures {
    static func bytes(_ name: String) throws -> [UInt8] { try TestKiln.fixture("video/\(name)") }
}

extension TestClientProtocol {
    func uploadVideo(_ name: String, to path: String = "/api/v4/videos", fields: [(String, String)] = [], headers: HTTPFields)
        async throws -> TestResponse
    {
        try await upload(.file(try VideoFixtures.bytes(name), filename: name, fields: fields), to: path, headers: headers)
    }

    func fileObject(_ id: String, headers: HTTPFields) async throws -> JSONValue {
        try await executeRequest(uri: "/api/v3/files/\(id)", method: .get, headers: headers, body: nil).json
    }

    /// Polls the file object until its status is one of `statuses`.
    func waitForStatus(_ id: String, in statuses: Set<String>, headers: HTTPFields, timeout: Duration = .seconds(240))
        async throws -> JSONValue
    {
        try await poll("file \(id)", until: statuses, timeout: timeout) { try await fileObject(id, headers: headers) }
    }

    /// Fetches an object until its `status` is one of `statuses`, recording an issue on timeout.
    func poll(
        _ what: String, until statuses: Set<String>, timeout: Duration = .seconds(240),
        _ fetch: () async throws -> JSONValue
    ) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let object = try await fetch()
            if let status = object["status"]?.string, statuses.contains(status) { return object }
            guard ContinuousClock.now < deadline else {
                Issue.record("\(what) still \(object["status"]?.string ?? "?") after \(timeout)")
                return object
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func waitUntilFinished(_ id: String, headers: HTTPFields) async throws -> JSONValue {
        try await waitForStatus(id, in: ["transcoded", "transcodeFailed"], headers: headers)
    }

    /// GET of an absolute URL Kiln handed out.
    func get(_ url: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await executeRequest(uri: String(url.dropFirst("http://kiln.test".count)), method: .get, headers: headers, body: nil)
    }
}

/// Probes downloaded bytes the way the transcoder's own tests probe files.
struct DownloadedMedia {
    let info: MediaInfo
    /// MP4 box names in the order they first appear: the index must come before the media data.
    let indexFirst: Bool

    init(_ bytes: [UInt8]) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-download-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        info = try MediaProbe.probe(path: path)
        let moov = bytes.firstRange(of: Array("moov".utf8))?.lowerBound ?? Int.max
        let mdat = bytes.firstRange(of: Array("mdat".utf8))?.lowerBound ?? Int.max
        indexFirst = moov < mdat
    }
}
