import Foundation
import Hummingbird
import KilnDomain

/// Decides who a request comes from, once, before any route runs: the caller a bearer token names
/// goes into the request context, where each route asks for what it needs.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = KilnRequestContext
    let tokens: TokenAuthority

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = Self.bearerToken(of: request) {
            do {
                context.authentication = .caller(try await tokens.verify(token: token))
            } catch {
                context.authentication = .refused(error)
            }
        }
        return try await next(request, context)
    }

    static func bearerToken(of request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

/// What the authentication middleware found.
enum Authentication: Sendable {
    /// No bearer token: a public read, or a signed link.
    case anonymous
    case caller(Identity)
    /// A token that is not valid; whatever needs a caller answers with this.
    case refused(APIError)
}

extension KilnRequestContext {
    /// The caller a valid bearer token names; 401 without one.
    func caller() throws(APIError) -> Identity {
        switch authentication {
        case .caller(let identity): return identity
        case .refused(let error): throw error
        case .anonymous: throw APIError.unauthorized("an Authorization: Bearer token is required")
        }
    }

    /// The caller a valid bearer token names, if any, for answers that differ by who asks.
    var identity: Identity? {
        if case .caller(let identity) = authentication { return identity }
        return nil
    }

    /// An operator's request; 403 for any other caller.
    func requireAdmin(_ refusal: String = "only an admin may do this") throws(APIError) {
        guard try caller().isAdmin else { throw APIError.forbidden(refusal) }
    }

    /// What `<img src>` and `<video src>` fetch (network downloads, room watch links) needs a valid
    /// token, or without one a valid, unexpired signature over `path` that grants the query; when
    /// the one presented stops being valid.
    @discardableResult
    func requireTokenOrSignature(over path: String, of request: Request, signer: URLSigner) throws(APIError) -> Date? {
        if case .anonymous = authentication {
            return try signer.verify(path: path, rawQuery: request.uri.query)
        }
        return try caller().validUntil
    }

    /// As `requireTokenOrSignature`, for a request below `prefix` with a `.tree` grant. True when the
    /// grant let it in, so the answer may hand the same grant on.
    func requireTokenOrTreeSignature(below prefix: String, of request: Request, signer: URLSigner) throws(APIError) -> Bool {
        if case .anonymous = authentication {
            try signer.verify(tree: prefix, rawQuery: request.uri.query)
            return true
        }
        _ = try caller()
        return false
    }
}
