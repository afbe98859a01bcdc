import HTTPTypes
import Hummingbird
import KilnDomain
import Logging
import Synchronization

/// Outermost: gives the request its id (answered in `X-Request-Id`, on errors too) and, when
/// `logsRequests`, writes one line per request when it is answered: method, route, path, status,
/// duration and the file it concerned. Query strings are never logged: signed links carry their
/// signature there.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    var logsRequests = true

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = request.headers[.xRequestID].map { $0[...] }.flatMap { RequestID.isSane($0) ? String($0) : nil }
            ?? RequestID.make()
        var context = context
        // Hummingbird's own id would be a second one in every line; `requestId` comes with the task.
        context.logger[metadataKey: "hb.request.id"] = nil
        let started = ContinuousClock.now
        let note = FileNote()
        return try await RequestID.$current.withValue(id) {
            try await FileNote.$current.withValue(note) {
                do {
                    var response = try await next(request, context)
                    response.headers[.xRequestID] = id
                    log(request, context: context, status: response.status, file: note, since: started)
                    return response
                } catch var error as APIError {
                    error.extraHeaders[.xRequestID] = id
                    log(request, context: context, status: error.status, file: note, since: started)
                    throw error
                } catch {
                    log(request, context: context, status: .internalServerError, file: note, since: started)
                    throw error
                }
            }
        }
    }

    private func log(
        _ request: Request, context: Context, status: HTTPResponse.Status, file note: FileNote, since started: ContinuousClock.Instant
    ) {
        guard logsRequests else { return }
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath ?? "(no route)"
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "path": .string(request.uri.path),
            "status": .stringConvertible(Int(status.code)),
            "durationMs": .stringConvertible((elapsed.seconds * 1e6).rounded() / 1e3),
        ]
        if let fileId = context.parameters.get("fileId") ?? note.fileId { metadata["fileId"] = .string(fileId) }
        context.logger.info("\(request.method) \(route) \(status.code)", metadata: metadata)
    }
}

/// Lets a handler name the file its request made (an upload) for the access log line.
final class FileNote: Sendable {
    @TaskLocal static var current: FileNote?
    private let storage = Mutex<String?>(nil)
    var fileId: String? { storage.withLock { $0 } }
    func record(_ fileId: String) { storage.withLock { $0 = fileId } }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}
