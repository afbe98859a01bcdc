import Hummingbird
import KilnCore
import KilnDomain
import KilnStorage
import Logging

/// Turns every failure, including the router's own, into the API's JSON error shape.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
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
            throw APIError(error.status, error.status.reasonPhrase.lowercased())
        } catch is DecodingError {
            throw APIError.badRequest("request body is not valid JSON of the expected shape")
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            throw APIError(.internalServerError, "internal error")
        }
    }
}
