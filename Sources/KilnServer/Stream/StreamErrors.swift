import Foundation
import Hummingbird
import KilnDomain

/// A refusal with the code Stream's clients know it by, where its status alone does not say it
/// (an unknown api key, an expired token, a bad signature).
struct StreamRefusal: Error {
    let error: APIError
    let code: Int
}

extension APIError {
    func streamCode(_ code: Int) -> StreamRefusal { StreamRefusal(error: self, code: code) }

    /// Stream's documented error codes, by the status they come with.
    var streamCode: Int {
        switch status.code {
        case 400, 415, 422: 4
        case 401: 5
        case 403: 17
        case 404, 410: 16
        case 408: 23
        case 413: 22
        case 429: 9
        default: -1
        }
    }

    /// The error as Stream's API answers it. Its SDKs require every one of these keys, or raise a
    /// bare `KeyError` in place of their own exception.
    func streamResponse(code: Int?, took: Duration) -> Response {
        var headers = extraHeaders
        headers[.contentType] = "application/json; charset=utf-8"
        if closesConnection { headers[.connection] = "close" }
        let body = StreamErrorBody(
            code: code ?? streamCode, message: message, StatusCode: status.code, duration: StreamDuration.text(took),
            more_info: "https://getstream.io/chat/docs/api_errors_response", details: [])
        // Encoding plain fields cannot fail.
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try! JSONEncoder().encode(body))))
    }
}

private struct StreamErrorBody: Encodable {
    let code: Int
    let message: String
    let StatusCode: Int
    let duration: String
    let more_info: String
    let details: [Int]
}

/// How long the server took, as Stream's answers say it: `"12.34ms"`.
enum StreamDuration {
    static func text(_ took: Duration) -> String {
        String(format: "%.2fms", Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
    }
}
