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

    /// Whether the file went out; false, with nothing written, when the connection has no HTTP/1
    /// encoder to take it (HTTP/2, or a test channel), and the caller sends the bytes itself.
    func send(_ slice: BlobFileSlice) async throws -> Bool {
        guard !slice.range.isEmpty else { return true }
        return try await slice.withDescriptor { descriptor in
            // Borrowed, not owned: the slice closes the descriptor, after the write has finished.
            let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: descriptor)
            defer { _ = try? handle.takeDescriptorOwnership() }
            let region = FileRegion(
                fileHandle: handle, readerIndex: Int(slice.range.lowerBound), endIndex: Int(slice.range.upperBound))
            let channel = self.channel
            return try await channel.eventLoop.flatSubmit { () -> EventLoopFuture<Bool> in
                guard let codec = try? channel.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
                else { return channel.eventLoop.makeSucceededFuture(false) }
                return codec.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.fileRegion(region)))).map { true }
            }.get()
        }
    }
}
