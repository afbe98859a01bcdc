#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore

/// The server secret behind tokens and signed URLs.
public struct JWTSecret: Sendable {
    public static let minimumBytes = 32
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(ConfigurationError) {
        guard bytes.count >= Self.minimumBytes else {
            throw ConfigurationError(
                "KILN_JWT_SECRET is \(bytes.count) bytes long; it must be at least \(Self.minimumBytes) bytes "
                    + "(for example: openssl rand -hex 32)")
        }
        self.bytes = bytes
    }

    /// `KILN_JWT_SECRET` when set; otherwise `<data>/jwt-secret`, generated once (32 random bytes,
    /// hex, mode 0600) so `serve` and `token` agree without any setup.
    public static func resolve(environmentValue: String?, dataDirectory: String) throws -> JWTSecret {
        if let environmentValue { return try JWTSecret(bytes: Array(environmentValue.utf8)) }
        let path = dataDirectory + "/jwt-secret"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if let existing = try? String(contentsOfFile: path, encoding: .utf8) {
            return try JWTSecret(bytes: Array(existing.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        }
        let hex = secureRandomBytes(32).hexString
        // Written whole under a private name, then linked into place: link() fails when another
        // process got there first, and then its complete secret is the one everyone reads.
        let draft = path + "." + FileID.random().rawValue + ".tmp"
        let fd = open(draft, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ConfigurationError("cannot create \(draft): \(String(cString: strerror(errno)))") }
        defer { unlink(draft) }
        let line = hex + "\n"
        let written = write(fd, line, line.utf8.count) == line.utf8.count && fsync(fd) == 0
        close(fd)
        guard written else { throw ConfigurationError("cannot write \(draft): \(String(cString: strerror(errno)))") }
        guard link(draft, path) == 0 else {
            if errno == EEXIST { return try resolve(environmentValue: nil, dataDirectory: dataDirectory) }
            throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return try JWTSecret(bytes: Array(hex.utf8))
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
