import AsyncHTTPClient
import Foundation
import NIOCore

/// The S3 multipart upload calls for one object, shared by uploads that stream in one request
/// (`S3Upload`) and resumable ones whose parts arrive over many (`S3ResumableAppend`).
struct S3Multipart: Sendable {
    let objectKey: String
    let client: S3Client

    struct Part: Codable, Equatable, Sendable {
        let number: Int
        let etag: String
        let size: Int64
    }

    func start() async throws -> String {
        let response = try await client.send(.POST, objectKey: objectKey, query: [("uploads", "")], idempotent: false)
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        guard response.status == .ok, let uploadId = S3XML.text(of: "UploadId", in: body) else {
            throw S3Failure(status: Int(response.status.code), body: body, doing: "start a multipart upload of \(objectKey)")
        }
        return uploadId
    }

    /// Sends part `number`, replacing any part the upload had under that number.
    func send(part number: Int, of uploadId: String, _ body: ByteBuffer) async throws -> Part {
        let size = Int64(body.readableBytes)
        let response = try await client.send(
            .PUT, objectKey: objectKey, query: [("partNumber", String(number)), ("uploadId", uploadId)], body: body,
            idempotent: true)
        guard response.status == .ok, let etag = response.headers.first(name: "ETag") else {
            throw await S3Client.failure(response, doing: "upload part \(number) of \(objectKey)")
        }
        await response.discardBody()
        return Part(number: number, etag: etag, size: size)
    }

    /// Makes the object out of `parts`; parts the upload has beside them are dropped by the store.
    func complete(_ uploadId: String, parts: [Part]) async throws {
        let xml = "<CompleteMultipartUpload>"
            + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\($0.etag)</ETag></Part>" }.joined()
            + "</CompleteMultipartUpload>"
        let response = try await client.send(
            .POST, objectKey: objectKey, query: [("uploadId", uploadId)], body: ByteBuffer(string: xml), idempotent: true)
        let body = Data(try await response.body.collect(upTo: 1 << 20).readableBytesView)
        // A 200 can still carry an <Error> when the store failed after answering.
        let failure = S3Failure(status: Int(response.status.code), body: body, doing: "complete the upload of \(objectKey)")
        guard response.status == .ok, failure.code == nil else { throw failure }
    }

    /// Aborts the upload; true once the store no longer has it. A store that does not answer within
    /// a second is asked again later, so a failed upload's answer is not held up.
    func cancel(_ uploadId: String) async -> Bool {
        guard
            let response = try? await client.send(
                .DELETE, objectKey: objectKey, query: [("uploadId", uploadId)], idempotent: true, timeout: .seconds(1))
        else { return false }
        await response.discardBody()
        return response.status.code < 300 || response.status == .notFound
    }

    /// Aborts the upload, asking again in the background while the store is away, so the
    /// incomplete upload is gone soon after it returns rather than at a sweep after the grace period.
    func cancelEventually(_ uploadId: String) async {
        guard !(await cancel(uploadId)) else { return }
        let multipart = self
        Task.detached {
            for attempt in 0..<60 {
                try? await Task.sleep(for: .seconds(min(1 << min(attempt, 5), 15)))
                if await multipart.cancel(uploadId) { return }
            }
        }
    }
}
