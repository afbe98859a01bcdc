import Crypto
import Foundation
import KilnCore
import KilnDomain

/// What a signed URL opens.
enum URLGrant: Sendable {
    /// The whole file: the client may append `size` or `resolution` (the file object's `signedUrl`).
    case anyVariant
    /// Exactly the path and query items it was made with (thumbnails, renditions, watch links).
    case exactly
    /// Every path below the one it was made for, whatever their query: a file's HLS tree, whose
    /// playlists hand the same grant on to every URI in them.
    case tree
}

/// Signs URLs so `<img src>` and `<video src>` work for network files without a header. A signature
/// covers the path, the expiry and its grant: either any variant of the file, or exactly the query
/// items the URL carries, so a poster's link never opens the video.
struct URLSigner: Sendable {
    private let key: SymmetricKey
    let lifetime: Duration
    let clock: WallClock

    init(secret: JWTSecret, lifetime: Duration, clock: WallClock = .system) {
        // A key of its own, so a URL signature can never double as a token signature.
        let derived = HMAC<SHA256>.authenticationCode(for: Array("kiln signed url v1".utf8), using: SymmetricKey(data: secret.bytes))
        key = SymmetricKey(data: Array(derived))
        self.lifetime = lifetime
        self.clock = clock
    }

    /// `exp=…&sig=…` for `path` with `query` (the items before them, e.g. `size=poster`). A link made
    /// for a request that came with a credential passes `notAfter`, when that credential expires: a
    /// link handed on may never outlive the one it was handed on for.
    func queryItems(for path: String, query: String?, grant: URLGrant, notAfter: Date? = nil) -> String {
        var expiry = Int64(clock.now().timeIntervalSince1970) + lifetime.components.seconds
        if let notAfter { expiry = min(expiry, Int64(notAfter.timeIntervalSince1970.rounded(.down))) }
        let scope = switch grant {
        case .anyVariant: Self.anyVariant
        case .exactly: SignedQuery.canonical(query.map { [$0] } ?? [])
        case .tree: Self.tree
        }
        return "exp=\(expiry)&sig=\(Array(code(path: path, scope: scope, expiry: expiry)).hexString)"
    }

    /// Checks the `exp` and `sig` of a request's raw query against `path` and the query's other
    /// items; when the signed URL expires.
    @discardableResult
    func verify(path: String, rawQuery: String?) throws(APIError) -> Date {
        let query = SignedQuery(rawQuery)
        return try verify(query) { given, expiry in
            isValid(given, path: path, scope: query.scope, expiry: expiry)
                || isValid(given, path: path, scope: Self.anyVariant, expiry: expiry)
        }
    }

    /// Checks a request below `prefix` against a `.tree` grant made for `prefix`.
    @discardableResult
    func verify(tree prefix: String, rawQuery: String?) throws(APIError) -> Date {
        try verify(SignedQuery(rawQuery)) { given, expiry in isValid(given, path: prefix, scope: Self.tree, expiry: expiry) }
    }

    private func verify(_ query: SignedQuery, by isValid: ([UInt8], Int64) -> Bool) throws(APIError) -> Date {
        guard let expiry = query.expiry, let signature = query.signature else {
            throw APIError.unauthorized("a token or a signed URL is required")
        }
        guard let expirySeconds = Int64(expiry), let given = Self.bytes(hex: signature), isValid(given, expirySeconds) else {
            throw APIError.unauthorized("URL signature is not valid")
        }
        guard Double(expirySeconds) > clock.now().timeIntervalSince1970 else {
            throw APIError.unauthorized("signed URL has expired")
        }
        return Date(timeIntervalSince1970: Double(expirySeconds))
    }

    /// No canonical query can be `*` or `/`: every item has a name and `=`; and only a tree's
    /// prefix, which no other grant is made for, is signed with `/`.
    private static let anyVariant = "*"
    private static let tree = "/"

    private func message(path: String, scope: String, expiry: Int64) -> [UInt8] {
        Array("\(path)\n\(scope)\n\(expiry)".utf8)
    }

    private func code(path: String, scope: String, expiry: Int64) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: message(path: path, scope: scope, expiry: expiry), using: key)
    }

    /// Constant time, so the time an answer takes says nothing about how much of a guess was right.
    private func isValid(_ given: [UInt8], path: String, scope: String, expiry: Int64) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: message(path: path, scope: scope, expiry: expiry), using: key)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// A raw query split into the signature's own items and the rest, which the signature scopes.
struct SignedQuery: Equatable {
    let expiry: String?
    let signature: String?
    /// The other items, sorted and joined, as they were signed.
    let scope: String

    init(_ rawQuery: String?) {
        var expiries: [String] = [], signatures: [String] = [], others: [String] = []
        for item in (rawQuery ?? "").split(separator: "&").map(String.init) {
            if item.hasPrefix("exp=") {
                expiries.append(String(item.dropFirst(4)))
            } else if item.hasPrefix("sig=") {
                signatures.append(String(item.dropFirst(4)))
            } else {
                others.append(item)
            }
        }
        // A second `exp` or `sig` would let the signed value and the one read elsewhere differ.
        expiry = expiries.count == 1 ? expiries[0] : nil
        signature = signatures.count == 1 ? signatures[0] : nil
        scope = Self.canonical(others)
    }

    static func canonical(_ items: [String]) -> String {
        items.flatMap { $0.split(separator: "&").map(String.init) }.sorted().joined(separator: "&")
    }
}
