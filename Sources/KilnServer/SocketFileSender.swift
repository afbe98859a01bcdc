import KilnStorage
import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Sends a blob's file slice from the page cache straight to the socket (sendfile), for an HTTP/1
/// response whose head Hummingbird has already written. Hummingbird's body writer takes only
/// `ByteBuffer`s, so the region is written just below its HTTP-types codec, where NIO's HTTP/1
/// encoder takes file regions; the body writer is then finished as usual.
struct SocketFileSender {
    let channel: any Channel
    /// The file goes in pieces of this many bytes, each counted once the socket has taken it, so the
    /// download floor sees a client's progress; nil sends it in one write.
    var pieceBytes: Int64? = nil
    /// Pieces are handed to the event loop a batch at a time, so small pieces cost no more trips
    /// between the loop and this task than one large write.
    static let batchBytes: Int64 = 4 << 20

    /// Whether the file went out; false, with nothing written, when the connection has no HTTP/1
    /// encoder to take it (HTTP/2, or a test channel), and the caller sends the bytes itself.
    func send(_ slice: BlobFileSlice, counting sent: SentBytes? = nil) async throws -> Bool {
        guard !slice.range.isEmpty else { return true }
        return try await slice.withDescriptor { descriptor in
            // Borrowed, not owned: the slice closes the descriptor, after the write has finished.
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
            defer { _ = try? handle.takeDescriptorOwnership() }
            let channel = self.channel
            let piece = pieceBytes ?? Int64(slice.range.count)
            let batch = max(piece, Self.batchBytes / piece * piece)
            var start = slice.range.lowerBound
            repeat {
                let batchEnd = min(start + batch, slice.range.upperBound)
                let pieces = stride(from: start, to: batchEnd, by: Int(piece)).map { ($0, min($0 + piece, batchEnd)) }
                let written = try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Bool> in
                    guard let codec = try? channel.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
                    else { return channel.eventLoop.makeSucceededFuture(false) }
                    var last = channel.eventLoop.makeSucceededVoidFuture()
                    for (from, to) in pieces {
                        let region = FileRegion(fileHandle: handle, readerIndex: Int(from), endIndex: Int(to))
                        last = codec.write(NIOAny(HTTPServerResponsePart.body(.fileRegion(region))))
                        last.whenSuccess { sent?.add(Int(to - from)) }
                    }
                    codec.flush()
                    return last.map { true }
                }.get()
                guard written else {
                    // The pipeline does not change under a response: only the first batch can find no encoder.
                    if start == slice.range.lowerBound { return false }
                    throw BlobStoreError("the connection lost its HTTP/1 encoder part-way through a file")
                }
                start = batchEnd
            } while start < slice.range.upperBound
            return true
        }
    }
}
