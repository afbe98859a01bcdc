import Foundation
import HTTPTypes
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// Response bodies read from the blob store: downloads and HLS segments.
struct BlobBody: Sendable {
    let blobs: any BlobStore

    /// The bytes to send; a HEAD answer announces their length but sends none. Bytes the store has
    /// in memory as a file go from the page cache to the socket; others are copied through, chunk by
    /// chunk.
    func make(_ key: BlobKey, range: ClosedRange<Int64>?, length: Int64, _ sendingBody: Bool, context: KilnRequestContext)
        async throws -> ResponseBody
    {
        guard sendingBody else { return ResponseBody(contentLength: Int(length)) { writer in try await writer.finish(nil) } }
        let stream = try await blobs.read(key, range: range)
        if let slice = stream.file, slice.range.count != length {
            throw BlobStoreError("\(key) holds \(slice.range.count) of the \(length) bytes its row promises")
        }
        let sender = SocketFileSender(channel: context.channel)
        return ResponseBody(contentLength: Int(length)) { writer in
            if let slice = stream.file, try await sender.send(slice) {
            } else {
                for try await chunk in stream { try await writer.write(chunk) }
            }
            try await writer.finish(nil)
            KilnMeasures.served(bytes: length)
        }
    }
}

extension Request {
    /// Whether the client's copy, named by `If-None-Match` (or else dated by `If-Modified-Since`), is current.
    func isNotModified(etag: String, lastModified: Date?) -> Bool {
        if let ifNoneMatch = headers[.ifNoneMatch] {
            return ifNoneMatch.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingCharacters(in: .whitespaces)
                return tag == "*" || tag == etag || tag == "W/" + etag
            }
        }
        if let lastModified, let since = headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return lastModified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }
}
