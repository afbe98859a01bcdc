import Foundation
import Hummingbird

/// Decides who a request comes from: a bearer token, or for downloads a signed URL.
struct RequestAuthenticator: Sendable {
    let tokens: TokenAuthority
    let signer: URLSigner

    /// The caller named by `Authorization: Bearer …`; 401 without a valid one.
    func identity(of request: Request) async throws(APIError) -> Identity {
        guard let token = bearerToken(of: request) else {
            throw APIError.unauthorized("an Authorization: Bearer token is required")
        }
        return try await tokens.verify(token: token)
    }

    /// What `<img src>` and `<video src>` fetch (network downloads, room watch links) needs a valid
    /// token or a valid, unexpired signature over `path` that grants the query it comes with.
    func authorize(_ request: Request, tokenOrSignatureOver path: String) async throws(APIError) {
        if bearerToken(of: request) != nil {
            _ = try await identity(of: request)
            return
        }
        try signer.verify(path: path, rawQuery: request.uri.query)
    }

    private func bearerToken(of request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
