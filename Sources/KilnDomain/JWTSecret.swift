#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import KilnCore
import KilnStorage

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
        try PrivateFiles.createFolder(dataDirectory)
        if let existing = try read(path) { return existing }
        let hex = secureRandomBytes(32).hexString
        // Written whole under a private name, then linked into place: link() fails when another
        // process got there first, and then its complete secret is the one everyone reads.
        let draft = path + "." + FileID.random().rawValue + ".tmp"
        let fd: Int32
        do { fd = try PrivateFiles.createFile(draft) } catch { throw ConfigurationError("\(error)") }
        defer { unlink(draft) }
        let line = hex + "\n"
        let written = write(fd, line, line.utf8.count) == line.utf8.count && fsync(fd) == 0
        close(fd)
        guard written else { throw ConfigurationError("cannot write \(draft): \(String(cString: strerror(errno)))") }
        guard link(draft, path) == 0 else {
            // Another process linked its secret first: that one, once, and whole, since it was
            // written in full before it was linked.
            if errno == EEXIST, let theirs = try read(path) { return theirs }
            throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return try JWTSecret(bytes: Array(hex.utf8))
    }

    /// The secret in the file at `path`; nil when there is no such file. A file that is there but
    /// cannot be read, or holds no text, is an error naming it: replacing it would sign every token
    /// and link anew, and no other node would agree.
    private static func read(_ path: String) throws -> JWTSecret? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw ConfigurationError("cannot read the secret in \(path): \((error as NSError).localizedDescription); "
                + "fix or remove it, or set KILN_JWT_SECRET")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("the secret in \(path) is not text; fix or remove it, or set KILN_JWT_SECRET")
        }
        do {
            return try JWTSecret(bytes: Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
        } catch {
            throw ConfigurationError("the secret in \(path) is too short: \(error)")
        }
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
