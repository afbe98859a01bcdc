import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage
import Logging

/// Turns every failure, including the router's own, into a JSON error, answered here so the
/// middleware outside it (request metrics, the access log) sees every answer as a response. Kiln's
/// routes answer in Kiln's shape; Stream's API in Stream's, which its SDKs parse.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    enum Shape: Sendable {
        /// `{"status":"error","code":…,"message":…}`.
        case kiln
        /// `{"code","message","StatusCode","duration","more_info","details"}`.
        case stream
    }

    /// The message of a 404 for a path no route takes.
    var notFound = "not found"
    var shape = Shape.kiln

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        do {
            return try await next(request, context)
        } catch {
            let refusal = self.refusal(for: error, request: request, context: context)
            switch shape {
            case .kiln: return try refusal.response(from: request, context: context)
            case .stream:
                return refusal.streamResponse(code: (error as? StreamRefusal)?.code, took: ContinuousClock.now - started)
            }
        }
    }

    /// What the client is told of `error`: a refusal as it is, a store that is down as 503, a rule
    /// broken as 400; anything else is logged and is a 500 that says nothing of it.
    private func refusal(for error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let refusal as StreamRefusal:
            return refusal.error
        case let unavailable as StoreUnavailable:
            return context.logger.unavailable("\(request.method) \(request.uri.path)", unavailable)
        case let violation as RuleViolation:
            return APIError.badRequest(violation.message)
        case let error as HTTPResponseError:
            return APIError(error.status, error.status == .notFound ? notFound : error.status.reasonPhrase.lowercased())
        case is DecodingError:
            return APIError.badRequest("request body is not valid JSON of the expected shape")
        default:
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return APIError(.internalServerError, "internal error")
        }
    }
}
