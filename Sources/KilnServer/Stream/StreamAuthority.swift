import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import KilnCore
import KilnDomain

/// Who a request through Stream's API comes from, decided as Stream's server SDKs authenticate:
/// `?api_key=` names the app, `stream-auth-type: jwt` and `Authorization: <JWT>` (no `Bearer`)
/// carry an HS256 token signed with the app's secret. A token without `user_id` is the app's
/// server (Stream's SDKs sign `{}`); one with it is that user.
struct StreamAuthority: Sendable {
    private let apiKey: String
    private let keys: JWTKeyCollection
    private let clock: WallClock

    init(credentials: StreamCredentials, clock: WallClock) async {
        apiKey = credentials.apiKey
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: credentials.apiSecret.bytes), digestAlgorithm: .sha256)
        self.clock = clock
    }

    func caller(of request: Request) async throws -> StreamCaller {
        guard request.uri.queryParameters["api_key"].map(String.init) == apiKey else {
            throw APIError.unauthorized("api_key is missing or is not this app's key").streamCode(2)
        }
        guard request.headers[HTTPField.Name("stream-auth-type")!]?.lowercased() == "jwt" else {
            throw APIError.unauthorized("stream-auth-type must be jwt: anonymous requests are not accepted")
        }
        guard let token = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
            throw APIError.unauthorized("the Authorization header must carry the JWT")
        }
        let claims: Claims
        do {
            // As for Kiln's own tokens, the header must name the one algorithm the key is for.
            guard TokenAuthority.algorithm(of: token) == "HS256" else {
                throw APIError.unauthorized("the token must be signed with HS256").streamCode(43)
            }
            claims = try await keys.verify(token, as: Claims.self)
        } catch let refusal as StreamRefusal {
            throw refusal
        } catch {
            throw APIError.unauthorized("the token's signature is not valid for this app's secret").streamCode(43)
        }
        // Time claims against the injected clock, not JWTKit's own `Date()`.
        let now = clock.now()
        if let expiry = claims.exp, expiry.value <= now { throw APIError.unauthorized("the token has expired").streamCode(40) }
        if let notBefore = claims.nbf, notBefore.value > now {
            throw APIError.unauthorized("the token is not valid yet").streamCode(41)
        }
        guard let userId = claims.user_id else { return .server }
        guard let user = StreamCaller.validatedUserId(userId) else {
            throw APIError.unauthorized("the token's user_id is empty or too long")
        }
        return .user(user)
    }

    struct Claims: JWTPayload {
        var user_id: String?
        var exp: ExpirationClaim?
        var nbf: NotBeforeClaim?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}

/// The app's server (its secret, no user), or one of its users.
enum StreamCaller: Sendable, Equatable {
    case server
    case user(String)

    /// Who owns what a server uploads for no user: Stream's server tokens act for the whole app.
    static let serverUserId = "stream-server"
    static let maxUserIdLength = 255

    static func validatedUserId(_ id: String) -> String? {
        id.isEmpty || id.utf8.count > maxUserIdLength ? nil : id
    }

    /// Kiln's identity for the caller: the server is the app's operator (no per-user limits, may
    /// delete any file); a user is a user.
    var identity: Identity {
        switch self {
        case .server: Identity(userId: Self.serverUserId, role: .admin)
        case .user(let id): Identity(userId: id, role: .user)
        }
    }

    /// Who owns an upload whose form says `user` (`{"id": …}`, as Stream's SDKs send it): a server
    /// uploads for the user it names, or for itself; a user only for itself.
    func owner(namedBy userField: String?) throws(APIError) -> Identity {
        guard let userField, !userField.isEmpty, userField != "null" else { return identity }
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: Data(userField.utf8)),
            case .string(let named)? = object["id"], let id = Self.validatedUserId(named)
        else {
            throw APIError.badRequest(#"the user field must be JSON of the form {"id": "<user id>"}"#)
        }
        switch self {
        case .server: return Identity(userId: id, role: .user)
        case .user(let own) where own == id: return identity
        case .user: throw APIError.forbidden("a user's token uploads for that user only, not for \(id)")
        }
    }
}
