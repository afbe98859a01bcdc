import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import KilnServer

/// The idle timeout is the client's silence while Kiln waits for it, on the event loop's clock: a
/// pause of Kiln's own (back-pressure on a body it takes slowly, an answer it is still writing) never
/// counts, however long.
struct ClientSilenceTests {
    static let timeout = TimeAmount.seconds(8)

    /// A connected channel with the handler, and the event loop whose clock the test moves.
    static func connection() throws -> (EmbeddedChannel, EmbeddedEventLoop) {
        let loop = EmbeddedEventLoop()
        let channel = EmbeddedChannel(handler: ClientSilenceHandler(timeout: timeout), loop: loop)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return (channel, loop)
    }

    static let head = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: "kiln", path: "/api/v4/files"))
    static let piece = HTTPRequestPart.body(ByteBuffer(repeating: 0x41, count: 8192))

    @Test func aClientThatSaysNothingIsClosedAtTheTimeout() throws {
        let (channel, loop) = try Self.connection()
        channel.read()
        loop.advanceTime(by: Self.timeout - .milliseconds(1))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aBodyThatStallsIsClosedATimeoutAfterItsLastPiece() throws {
        let (channel, loop) = try Self.connection()
        channel.read()
        try channel.writeInbound(Self.head)
        for _ in 0..<5 {
            channel.read()
            loop.advanceTime(by: .seconds(7))
            try channel.writeInbound(Self.piece)
        }
        #expect(channel.isActive, "pieces 7 s apart, each within the timeout")
        channel.read()
        loop.advanceTime(by: Self.timeout)
        #expect(!channel.isActive)
    }

    @Test func whileKilnTakesNoMoreOfTheBodyTheClientIsNotSilent() throws {
        let (channel, loop) = try Self.connection()
        channel.read()
        try channel.writeInbound(Self.head)
        channel.read()
        try channel.writeInbound(Self.piece)
        // Back-pressure: no read is asked for while the body waits for a slow store.
        loop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        channel.read()
        loop.advanceTime(by: .seconds(7))
        try channel.writeInbound(Self.piece)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(channel.isActive)
    }

    @Test func whileKilnAnswersTheWaitIsKilnsAndTheNextRequestGetsAWholeTimeout() throws {
        let (channel, loop) = try Self.connection()
        channel.read()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        // A read asked for while answering, which pipelining holds back.
        channel.read()
        loop.advanceTime(by: .seconds(120))
        #expect(channel.isActive)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        loop.advanceTime(by: Self.timeout - .milliseconds(1))
        #expect(channel.isActive)
        loop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }
}
