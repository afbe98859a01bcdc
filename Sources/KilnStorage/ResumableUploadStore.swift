import Foundation
import KilnCore

/// Where resumable uploads are kept between requests, so any node resumes one at the byte it
/// reached. One request at a time works on an upload: it holds a lease it renews while it works, so
/// a node that died holding one frees it when the lease runs out, and a later request may ask the
/// holder to stop (a client that came back on a new connection while its old one hangs).
public protocol ResumableUploadStore: Sendable {
    func insertResumable(_ upload: ResumableUpload) async throws
    func resumable(_ id: ResumableUploadID) async throws -> ResumableUpload?
    /// Leases the upload to `holder` until `until`, unless another holder's lease runs past `now`.
    func claimResumable(_ id: ResumableUploadID, holder: String, until: Date, now: Date) async throws -> ResumableClaim
    /// Extends the lease; whether another request asked the holder to stop, or nil when the holder
    /// no longer holds it.
    func renewResumable(_ id: ResumableUploadID, holder: String, until: Date) async throws -> Bool?
    /// Asks whoever holds the upload to finish what it has and let go.
    func askToStopResumable(_ id: ResumableUploadID) async throws
    /// Writes the upload's progress (length, offset, bytes record, expiry, finish) while `holder`
    /// still holds it; false, writing nothing, when it does not.
    func recordResumable(_ upload: ResumableUpload, holder: String) async throws -> Bool
    func releaseResumable(_ id: ResumableUploadID, holder: String) async throws
    func deleteResumable(_ id: ResumableUploadID) async throws
    /// Uploads whose expiry is at or before `now`, finished or not, oldest expiry first.
    func expiredResumables(at now: Date, limit: Int) async throws -> [ResumableUpload]
    /// The files among `ids` that an unfinished upload not expired at `now` is gathering bytes for.
    func resumingFileIDs(among ids: [FileID], at now: Date) async throws -> Set<FileID>
}

public enum ResumableClaim: Sendable, Equatable {
    case claimed(ResumableUpload)
    /// Another request holds it and its lease has not run out.
    case held
    case missing
}

/// Resumable uploads' metadata as one JSON text column on either engine.
enum ResumableFields {
    static func encode(_ fields: [String: String]) -> String {
        String(decoding: (try? JSONEncoder.sorted.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

extension JSONEncoder {
    fileprivate static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}
