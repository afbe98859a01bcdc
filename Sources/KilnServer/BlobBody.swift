import Foundation
import HTTPTypes
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage

/// Response bodies read from the blob store: downloads and HLS segments. Each is sent under the
/// download floor (a client too slow is cut), and, from an object store, within its kind's budget of
/// proxied reads.
struct BlobBody: Sendable {
    enum Kind: String, Sendable {
        case download
        case segment
    }

    let blobs: any BlobStore
    let kind: Kind
    let watch: SlowReaderWatch
    /// The reads this kind of body may pass through from an object store at once; nil when the bytes
    /// are on local disk.
    let budget: ProxiedReadBudget?

    init(blobs: any BlobStore, kind: Kind, watch: SlowReaderWatch, proxiedReads: Int?) {
        self.blobs = blobs
        self.kind = kind
        self.watch = watch
        budget = proxiedReads.map { ProxiedReadBudget(capacity: $0, kind: kind) }
    }

    /// The bytes to send; a HEAD answer announces their length but sends none. Bytes the store has
    /// in memory as a file go from the page cache to the socket; others are copied through, chunk by
    /// chunk.
    func make(_ key: BlobKey, range: ClosedRange<Int64>?, length: Int64, _ sendingBody: Bool, context: KilnRequestContext)
        async throws -> ResponseBody
    {
        guard sendingBody else { return ResponseBody(contentLength: Int(length)) { writer in try await writer.finish(nil) } }
        let ticket = try await admission()
        let stream = try await blobs.read(key, range: range)
        if let slice = stream.file, slice.range.count != length {
            throw BlobStoreError("\(key) holds \(slice.range.count) of the \(length) bytes its row promises")
        }
        let sender = SocketFileSender(channel: context.channel, pieceBytes: watch.filePieceBytes)
        let (watch, kind, channel) = (watch, kind, context.channel)
        return ResponseBody(contentLength: Int(length)) { writer in
            defer { ticket?.release() }
            try await watch.sending(kind, on: channel) { sent in
                if let slice = stream.file, try await sender.send(slice, counting: sent) {
                } else {
                    for try await chunk in stream {
                        try await writer.write(chunk)
                        sent.add(chunk.readableBytes)
                    }
                }
            }
            try await writer.finish(nil)
            KilnMeasures.served(bytes: length)
        }
    }

    /// A proxied-read slot when the bytes come from an object store: waited for a moment, then 503.
    private func admission() async throws(APIError) -> ProxiedReadBudget.Ticket? {
        guard let budget else { return nil }
        guard let ticket = await budget.admit() else {
            KilnMeasures.proxiedReadRefused(body: kind.rawValue)
            var busy = APIError(
                .serviceUnavailable,
                "too many \(kind == .download ? "downloads" : "HLS segments") are being read from storage; try again shortly")
            busy.extraHeaders = [.retryAfter: "1"]
            throw busy
        }
        return ticket
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
