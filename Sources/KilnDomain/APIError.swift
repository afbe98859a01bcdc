import Foundation
import HTTPTypes
import KilnStorage
import Logging

/// Every refusal and failure the service answers a client with: a status and a message that says
/// what went wrong without saying how the server is built. The HTTP layer renders it as
/// `{"status":"error","code":…,"message":…}`; the domain names statuses, never a web framework.
public struct APIError: Error, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    /// Set when the request body was left unread, so the connection must not be reused for another request.
    public var closesConnection = false
    public var extraHeaders: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status.code) \(message)" }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    public static func unauthorized(_ message: String) -> APIError { APIError(.unauthorized, message) }
    public static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    public static func gone(_ message: String) -> APIError { APIError(.gone, message) }
    public static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    public static func tooLarge(_ message: String) -> APIError { APIError(.contentTooLarge, message) }
    public static func unsupportedMediaType(_ message: String) -> APIError { APIError(.unsupportedMediaType, message) }
    public static func unprocessable(_ message: String) -> APIError { APIError(.unprocessableContent, message) }

    public func closingConnection() -> APIError {
        var copy = self
        copy.closesConnection = true
        return copy
    }
}

extension Logger {
    /// Logs a server-side failure with its cause and returns the 500 the client gets, which says what
    /// failed but not why; a database that cannot be reached is a 503 instead.
    public func internalError(_ what: String, _ error: any Error) -> APIError {
        if let unavailable = error as? StoreUnavailable { return self.unavailable(what, unavailable) }
        self.error("\(what)", metadata: ["error": "\(error)"])
        return APIError(.internalServerError, what)
    }

    /// The 503 for a database or blob store that is down or not answering: the client may try
    /// again shortly. The log says which.
    public func unavailable(_ what: String, _ error: StoreUnavailable) -> APIError {
        KilnMeasures.storeUnavailable(error)
        self.warning("\(what): storage unavailable", metadata: ["error": "\(error)"])
        var answer = APIError(.serviceUnavailable, "\(what): storage is unavailable; try again shortly")
        answer.extraHeaders[.retryAfter] = "5"
        return answer
    }

    /// A storage failure: 507 when the disk is full, so the client may try again later; any other
    /// is a logged 500.
    public func storageError(_ what: String, _ error: any Error) -> APIError {
        guard StorageSpace.isExhausted(error) else { return internalError(what, error) }
        self.warning("out of storage space: \(what)", metadata: ["error": "\(error)"])
        return APIError(HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "the server is out of storage space; try again later")
    }
}
