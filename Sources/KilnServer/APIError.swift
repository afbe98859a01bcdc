import Foundation
import Hummingbird
import KilnStorage
import Logging

/// Every error the API answers with: `{"status":"error","code":…,"message":…}` and a fitting status.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    /// Set when the request body was left unread, so the connection must not be reused for another request.
    var closesConnection = false
    var extraHeaders: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code) \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    static func gone(_ message: String) -> APIError { APIError(.gone, message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    static func tooLarge(_ message: String) -> APIError { APIError(.contentTooLarge, message) }
    static func unsupportedMediaType(_ message: String) -> APIError { APIError(.unsupportedMediaType, message) }
    static func unprocessable(_ message: String) -> APIError { APIError(.unprocessableContent, message) }

    func closingConnection() -> APIError {
        var copy = self
        copy.closesConnection = true
        return copy
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = extraHeaders
        headers[.contentType] = "application/json; charset=utf-8"
        if closesConnection { headers[.connection] = "close" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: jsonBody))
    }

    /// `{"status":"error","code":…,"message":…}`.
    var jsonBody: ByteBuffer {
        // Encoding two plain fields cannot fail.
        ByteBuffer(bytes: try! JSONEncoder().encode(ErrorBody(code: status.code, message: message)))
    }
}

private struct ErrorBody: Encodable {
    let status = "error"
    let code: Int
    let message: String
}

extension Logger {
    /// Logs a server-side failure with its cause and returns the 500 the client gets, which says what
    /// failed but not why; a database that cannot be reached is a 503 instead.
    func internalError(_ what: String, _ error: any Error) -> APIError {
        if let unavailable = error as? StoreUnavailable { return self.unavailable(what, unavailable) }
        self.error("\(what)", metadata: ["error": "\(error)"])
        return APIError(.internalServerError, what)
    }

    /// The 503 for a database that is down or not answering: the client may try again shortly.
    func unavailable(_ what: String, _ error: StoreUnavailable) -> APIError {
        self.warning("\(what): database unavailable", metadata: ["error": "\(error)"])
        var answer = APIError(.serviceUnavailable, "\(what): the database is unavailable; try again shortly")
        answer.extraHeaders[.retryAfter] = "5"
        return answer
    }

    /// A storage failure: 507 when the disk is full, so the client may try again later; any other
    /// is a logged 500.
    func storageError(_ what: String, _ error: any Error) -> APIError {
        guard StorageSpace.isExhausted(error) else { return internalError(what, error) }
        self.warning("out of storage space: \(what)", metadata: ["error": "\(error)"])
        return APIError(HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "the server is out of storage space; try again later")
    }
}
