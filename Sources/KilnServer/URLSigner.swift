import Crypto
import Foundation
import KilnCore

/// Signs download paths so `<img src>` and `<video src>` work for network files without a header.
/// A signature covers the path and the expiry; other query items (`size`, `resolution`) may be added.
struct URLSigner: Sendable {
    private let key: SymmetricKey
    let lifetime: Duration

    init(secret: JWTSecret, lifetime: Duration) {
        // A key of its own, so a URL signature can never double as a token signature.
        let derived = HMAC<SHA256>.authenticationCode(for: Array("kiln signed url v1".utf8), using: SymmetricKey(data: secret.bytes))
        key = SymmetricKey(data: Array(derived))
        self.lifetime = lifetime
    }

    func queryItems(for path: String, now: Date = Date()) -> String {
        let expiry = Int64(now.timeIntervalSince1970) + lifetime.components.seconds
        return "exp=\(expiry)&sig=\(signature(path: path, expiry: expiry))"
    }

    func verify(path: String, expiry: String?, signature given: String?, now: Date = Date()) throws(APIError) {
        guard let expiry, let given else { throw APIError.unauthorized("a token or a signed URL is required") }
        guard let expirySeconds = Int64(expiry), given == signature(path: path, expiry: expirySeconds) else {
            throw APIError.unauthorized("URL signature is not valid")
        }
        guard Double(expirySeconds) > now.timeIntervalSince1970 else {
            throw APIError.unauthorized("signed URL has expired")
        }
    }

    private func signature(path: String, expiry: Int64) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(path)\n\(expiry)".utf8), using: key)
        return Array(code).hexString
    }
}
