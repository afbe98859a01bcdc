import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage
import Logging

/// Turns every failure, including the router's own, into the API's JSON error shape, answered here
/// so the middleware outside it (request metrics, the access log) sees every answer as a response.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The message of a 404 for a path no route takes.
    var notFound = "not found"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await answer(request, context: context, next: next)
        } catch {
            return try error.response(from: request, context: context)
        }
    }

    private func answer(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws(APIError) -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let unavailable as StoreUnavailable {
            throw context.logger.unavailable("\(request.method) \(request.uri.path)", unavailable)
        } catch let violation as RuleViolation {
            throw APIError.badRequest(violation.message)
        } catch let error as HTTPResponseError {
            throw APIError(error.status, error.status == .notFound ? notFound : error.status.reasonPhrase.lowercased())
        } catch is DecodingError {
            throw APIError.badRequest("request body is not valid JSON of the expected shape")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw APIError(.internalServerError, "internal error")
        }
    }
}
