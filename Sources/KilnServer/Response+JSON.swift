import Foundation
import Hummingbird
import KilnCore
import KilnDomain

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
        try identifier("fileId") { APIError.notFound("no file with id \($0)") }
    }

    /// The path parameter `name` as an identifier; `refusal` is the error for text that is not one.
    func identifier<ID: RawRepresentable<String>>(_ name: String, refusal: (String) -> APIError) throws(APIError) -> ID {
        let text = self.get(name) ?? ""
        guard let id = ID(rawValue: text) else { throw refusal(text) }
        return id
    }
}

extension Request {
    /// The body as a JSON object; 400 when it is not one. JSON bodies are small, so it is collected
    /// up to the context's limit. An empty body counts as `{}` where every field is optional.
    func jsonObject(context: KilnRequestContext, emptyIsEmptyObject: Bool = false) async throws -> [String: JSONValue] {
        let body = try await self.body.collect(upTo: context.maxUploadSize)
        if emptyIsEmptyObject, body.readableBytes == 0 { return [:] }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: body) } catch {
            throw APIError.badRequest("request body is not valid JSON")
        }
        guard let object = value.objectValue else { throw APIError.badRequest("request body must be a JSON object") }
        return object
    }
}
