import HTTPTypes
import KilnDomain
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request the HTTP decoder refuses (headers over the limit, broken syntax) with the API's
/// JSON error, 431 or 400, before the connection is closed; without it the client sees the
/// connection drop without a word.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A response has begun and not ended: another cannot be written in its middle.
    private var responseInFlight = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parserError = error as? HTTPParserError, !responseInFlight {
            let refusal = parserError == .headerOverflow
                ? APIError(.requestHeaderFieldsTooLarge, "request headers are larger than the server accepts")
                : APIError.badRequest("the request is not valid HTTP")
            let body = refusal.jsonBody
            let head = HTTPResponse(
                status: refusal.status,
                headerFields: [
                    .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes),
                    .connection: "close",
                ])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        // The decoder closes the connection after this; the rest of the pipeline still hears why.
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head): if head.status.kind != .informational { responseInFlight = true }
        case .body: break
        case .end: responseInFlight = false
        }
        context.write(data, promise: promise)
    }
}
