import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client has sent nothing for `timeout` while Kiln was waiting for it:
/// between requests, or in the middle of one (a stalled body, headers that never end).
///
/// The clock runs only while a read is outstanding. When the node takes a body more slowly than it
/// arrives (a slow store, a busy machine) back-pressure stops asking the socket for bytes; that
/// pause is Kiln's, not the client's, and a client that kept sending is never cut for it.
/// Hummingbird's own idle timeout counts from the last part read, so it would.
final class ClientSilenceHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let timeout: TimeAmount
    /// Since when a read has been outstanding with nothing come of it; nil while none is asked for.
    private var waitingSince: NIODeadline?
    private var requestsInProgress = 0
    private var isRequestBeingRead = false
    private var check: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    /// Between requests and while one is being read, the client is the one to speak; while Kiln
    /// answers a request it has read, the wait is Kiln's.
    private var clientIsToSpeak: Bool { isRequestBeingRead || requestsInProgress == 0 }

    func read(context: ChannelHandlerContext) {
        if waitingSince == nil {
            waitingSince = context.eventLoop.now
            scheduleCheck(context)
        }
        context.read()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waitingSince = nil
        switch unwrapInboundIn(data) {
        case .head:
            requestsInProgress += 1
            isRequestBeingRead = true
        case .body:
            break
        case .end:
            isRequestBeingRead = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestsInProgress = max(0, requestsInProgress - 1)
            // A read asked for while answering may have been held back until now (pipelining):
            // the wait for the next request starts when this answer ends.
            if requestsInProgress == 0, waitingSince != nil {
                waitingSince = context.eventLoop.now
                scheduleCheck(context)
            }
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
        check = nil
    }

    /// One check at a time, due when the silence would reach the timeout; a check that finds the
    /// client spoke since, or Kiln answering, leaves the next to the next read or answer's end.
    private func scheduleCheck(_ context: ChannelHandlerContext) {
        guard check == nil, let waitingSince else { return }
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        check = context.eventLoop.scheduleTask(deadline: waitingSince + timeout) {
            let (handler, context) = bound.value
            handler.check = nil
            guard let since = handler.waitingSince, handler.clientIsToSpeak else { return }
            if context.eventLoop.now - since >= handler.timeout {
                context.close(promise: nil)
            } else {
                handler.scheduleCheck(context)
            }
        }
    }
}
