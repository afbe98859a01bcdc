import Foundation
import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage
import Logging
import NIOCore

/// Streams a `multipart/form-data` body part by part: the file part goes straight to the blob store
/// as it arrives, so memory stays flat whatever the upload's size.
struct MultipartUploadReader {
    static let fileFieldNames: Set<String> = ["file", "files"]
    static let maxFieldBytes = 16 * 1024
    /// Bytes of the form beside the file's own: preamble, delimiters, part headers, fields, parts
    /// Kiln does not read, epilogue. An upload is a file and a few short fields; anything much
    /// larger is a client wasting the server's time.
    static let maxFormOverheadBytes: Int64 = 1 << 20
    /// Parts a form may have, the file's included; the reference API has seven fields.
    static let maxParts = 32

    let endpoint: UploadEndpoint
    let maxFileBytes: Int64
    let blobs: any BlobStore
    let logger: Logger

    init(endpoint: UploadEndpoint, limits: UploadLimits, blobs: any BlobStore, logger: Logger) {
        self.endpoint = endpoint
        maxFileBytes = limits.maxBytes(for: endpoint)
        self.blobs = blobs
        self.logger = logger
    }

    /// What the request's head alone refuses, before the body is read and before the caller's
    /// limits count anything: a form without a boundary, a declared length past the endpoint's
    /// limit, a disk down to the free space it keeps. The connection cannot carry another request.
    /// The form's boundary when none of them does.
    func checkHead(of request: Request) throws(APIError) -> String {
        let boundary: String
        do {
            boundary = try Self.boundary(of: request.headers[.contentType]).get()
        } catch {
            throw error.closingConnection()
        }
        guard let declared = request.headers[.contentLength].flatMap(Int64.init) else { return boundary }
        if declared > maxFileBytes + Self.maxFormOverheadBytes { throw tooLarge.closingConnection() }
        do {
            try blobs.checkRoom(forUploading: declared)
        } catch {
            throw Self.storageRefusal(error, logger: logger).closingConnection()
        }
        return boundary
    }

    /// Checks the head, then reads the upload.
    func read(_ request: Request) async throws(APIError) -> ReceivedUpload {
        try await read(request, boundary: try checkHead(of: request), metering: .unlimited)
    }

    /// Reads the body of an upload whose head `checkHead` passed with `boundary`, `allowance`
    /// metering it against the caller's hourly bytes as it streams.
    func read(_ request: Request, boundary: String, metering allowance: UploadAllowance) async throws(APIError) -> ReceivedUpload {
        var state = PartState()
        do {
            return try await read(request.body, boundary: boundary, metering: allowance, into: &state)
        } catch let error as APIError {
            await state.upload?.abort()
            throw state.bodyFinished ? error : error.closingConnection()
        } catch let failure as StoreFailure {
            await state.upload?.abort()
            throw Self.storageRefusal(failure.underlying, logger: logger).closingConnection()
        } catch {
            await state.upload?.abort()
            logger.notice("upload body broke off", metadata: ["error": "\(error)"])
            throw APIError.badRequest("the upload could not be read to its end").closingConnection()
        }
    }

    /// 507 for a disk at its floor (counted) or full, else what the failure is.
    static func storageRefusal(_ error: any Error, logger: Logger) -> APIError {
        if error is FreeSpaceFloorReached { KilnMeasures.uploadRefused(by: .dataFreeBytes) }
        return logger.storageError("cannot store the upload", error)
    }

    private var tooLarge: APIError {
        APIError.tooLarge("file is larger than the \(maxFileBytes)-byte limit of this endpoint")
    }

    private func read(_ body: RequestBody, boundary: String, metering allowance: UploadAllowance, into state: inout PartState) async throws
        -> ReceivedUpload
    {
        let parser = MultipartStreamParser(boundary: boundary)
        var events: [MultipartEvent] = []
        parser.onHeader = { name, value in events.append(.header(name, value)) }
        parser.onBody = { buffer in events.append(.body(buffer)) }
        parser.onPartComplete = { events.append(.partComplete) }

        var received = 0
        defer { KilnMeasures.received(bytes: received) }
        for try await chunk in body {
            received += chunk.readableBytes
            try allowance.count(chunk.readableBytes)
            do {
                try parser.execute(chunk)
            } catch {
                throw APIError.badRequest("multipart body is malformed")
            }
            for event in events { try await handle(event, state: &state) }
            events.removeAll(keepingCapacity: true)
            try await state.flushFileBytes(blobs)
            // Whatever is not the file's bytes counts, wherever in the form it is (up to a delimiter's
            // length of the file's own may still be held back by the parser).
            guard Int64(received) - state.fileBytes <= Self.maxFormOverheadBytes else {
                throw APIError.tooLarge("the form beside the file is larger than \(Self.maxFormOverheadBytes) bytes")
            }
        }
        state.bodyFinished = true
        guard let upload = state.upload else {
            throw APIError.badRequest("a file is required in the multipart field 'file'")
        }
        guard state.fileCompleted else {
            throw APIError.badRequest("multipart body ended before the file part was complete")
        }
        guard upload.bytesWritten > 0 else { throw APIError.badRequest("the uploaded file is empty") }
        return ReceivedUpload(upload: upload, head: state.head, clientFileName: state.fileName, fields: state.fields)
    }

    private func handle(_ event: MultipartEvent, state: inout PartState) async throws {
        switch event {
        case .header(let name, let value):
            state.headers[name.lowercased()] = value
        case .body(let buffer):
            try await consume(buffer, state: &state)
        case .partComplete:
            state.parts += 1
            guard state.parts <= Self.maxParts else {
                throw APIError.tooLarge("the form has more than \(Self.maxParts) parts; an upload is one file and a few fields")
            }
            try await consume(ByteBuffer(), state: &state)
            if case .file = state.currentPart {
                try checkKind(&state)
                try await state.flushFileBytes(blobs)
                state.fileCompleted = true
            }
            if case .field(let name) = state.currentPart {
                guard let text = String(validating: state.fieldBytes, as: UTF8.self) else {
                    throw APIError.badRequest("field '\(name)' is not valid UTF-8")
                }
                state.fields[name] = text
            }
            state.currentPart = nil
            state.fieldBytes = []
            state.headers = [:]
        }
    }

    private func consume(_ buffer: ByteBuffer, state: inout PartState) async throws {
        if state.currentPart == nil { state.currentPart = try beginPart(&state) }
        switch state.currentPart {
        case .file:
            guard buffer.readableBytes > 0 else { return }
            state.fileBytes += Int64(buffer.readableBytes)
            guard state.fileBytes <= maxFileBytes else { throw tooLarge }
            if state.head.count < MediaSniffer.headLength {
                state.head += buffer.readableBytesView.prefix(MediaSniffer.headLength - state.head.count)
                if state.head.count == MediaSniffer.headLength { try checkKind(&state) }
            }
            var buffer = buffer
            state.pendingFileBytes.writeBuffer(&buffer)
        case .field(let name):
            // Appended in place: the field's bytes so far are never copied again.
            state.fieldBytes += buffer.readableBytesView
            guard state.fieldBytes.count <= Self.maxFieldBytes else {
                throw APIError.badRequest("field '\(name)' is longer than \(Self.maxFieldBytes) bytes")
            }
        case .ignored, nil:
            break
        }
    }

    /// The endpoint's verdict on the first bytes, once: a wrong kind of file is refused before the
    /// rest of it is read.
    private func checkKind(_ state: inout PartState) throws(APIError) {
        guard !state.kindChecked else { return }
        state.kindChecked = true
        if let refusal = endpoint.refusal(of: MediaSniffer.sniff(state.head)) { throw refusal }
    }

    private func beginPart(_ state: inout PartState) throws -> PartState.Part {
        let disposition = ContentDisposition(state.headers["content-disposition"] ?? "")
        guard let name = disposition.parameters["name"] else { return .ignored }
        guard Self.fileFieldNames.contains(name) else { return .field(name) }
        guard state.upload == nil else {
            throw APIError.badRequest("exactly one file per request: found a second file part '\(name)'")
        }
        do {
            // The upload begins under the id its file will have.
            state.upload = try blobs.beginUpload(of: .original(FileID.random()))
        } catch {
            throw StoreFailure(underlying: error)
        }
        state.fileName = disposition.parameters["filename*"].flatMap(ContentDisposition.decodeExtendedValue)
            ?? disposition.parameters["filename"]
        return .file
    }

    static func boundary(of contentType: String?) -> Result<String, APIError> {
        guard let contentType else { return .failure(.badRequest("Content-Type multipart/form-data is required")) }
        let disposition = ContentDisposition(contentType)
        guard disposition.value.lowercased() == "multipart/form-data" else {
            return .failure(.badRequest("Content-Type must be multipart/form-data, not \(disposition.value)"))
        }
        guard let boundary = disposition.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            return .failure(.badRequest("multipart/form-data Content-Type has no boundary"))
        }
        // RFC 2046 boundaries are printable ASCII; a CR or LF in one could never be matched.
        guard boundary.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return .failure(.badRequest("the multipart boundary must be printable ASCII"))
        }
        return .success(boundary)
    }
}

/// The blob store failed, as opposed to the client's body.
private struct StoreFailure: Error {
    let underlying: any Error
}

private enum MultipartEvent {
    case header(String, String)
    case body(ByteBuffer)
    case partComplete
}

private struct PartState {
    enum Part {
        case file
        case field(String)
        case ignored
    }

    var headers: [String: String] = [:]
    var currentPart: Part?
    var upload: (any BlobUpload)?
    var fileCompleted = false
    var kindChecked = false
    var fileName: String?
    var head: [UInt8] = []
    var fileBytes: Int64 = 0
    /// The parser hands the file over in slices cut at every CR byte; they are written once per
    /// received chunk instead of once per slice.
    var pendingFileBytes = ByteBuffer()
    /// The bytes of the field being read.
    var fieldBytes: [UInt8] = []
    var fields: [String: String] = [:]
    /// Parts read to their end.
    var parts = 0
    var bodyFinished = false

    mutating func flushFileBytes(_ blobs: any BlobStore) async throws {
        guard pendingFileBytes.readableBytes > 0, let upload else { return }
        do {
            try blobs.checkRoom(forUploading: Int64(pendingFileBytes.readableBytes))
            try await upload.write(pendingFileBytes)
        } catch {
            throw StoreFailure(underlying: error)
        }
        pendingFileBytes.clear()
    }
}

/// A header value with `; key=value` parameters, as in Content-Disposition and Content-Type.
struct ContentDisposition {
    let value: String
    let parameters: [String: String]

    init(_ header: String) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in header {
            if escaped {
                current.append(character)
                escaped = false
            } else if quoted && character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        value = pieces.first?.trimmingCharacters(in: .whitespaces) ?? ""
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let key = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[key] = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        self.parameters = parameters
    }

    /// RFC 5987 `UTF-8''percent-encoded` values.
    static func decodeExtendedValue(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(parts[2]).removingPercentEncoding
    }
}
