import Foundation
import Hummingbird
import KilnCore

extension Response {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// The `{"status":"success","data":…}` envelope of the reference API's v3 answers.
struct SuccessEnvelope<Data: Encodable>: Encodable {
    let status = "success"
    let data: Data
}

extension Parameters {
    /// The `{fileId}` path parameter; a malformed id names no file.
    func fileID() throws(APIError) -> FileID {
        guard let text = self.get("fileId"), let id = FileID(rawValue: text) else {
            throw APIError.notFound("no file with id \(self.get("fileId") ?? "")")
        }
        return id
    }
}
