import Foundation
import Hummingbird
import KilnDomain

/// How an `APIError` goes out: `{"status":"error","code":…,"message":…}` with its status.
extension APIError: HTTPResponseError {
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
