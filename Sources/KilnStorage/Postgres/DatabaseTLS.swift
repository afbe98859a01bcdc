import Foundation
// NIOSSL comes re-exported by PostgresNIO, whose TLS settings take its types; no second copy of
// the dependency is declared for it.
import PostgresNIO

/// How a connection to PostgreSQL is protected, from `sslmode` and `sslrootcert` in the database
/// URL, with libpq's meanings for the modes Kiln supports. Anything else is refused at start, since
/// a mode that quietly fell back to plaintext or skipped verification would be worse than none.
public struct DatabaseTLS: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Plaintext: a server that only accepts TLS refuses the connection.
        case disable
        /// Encrypted, but the server's certificate is not checked (a man in the middle is not noticed).
        case require
        /// Encrypted, the certificate chained to `sslrootcert` (or the system's roots) and naming the host.
        case verifyFull = "verify-full"
    }

    public let mode: Mode
    /// The PEM file of the authorities `verify-full` trusts; the system's roots when nil.
    public let rootCertificatePath: String?

    /// Reads the URL's query items; without `sslmode` the connection is plaintext, as Kiln always was.
    init(queryItems: [URLQueryItem]) throws {
        let sslmode = queryItems.last { $0.name == "sslmode" }?.value
        let sslrootcert = queryItems.last { $0.name == "sslrootcert" }?.value
        guard let mode = Mode(rawValue: sslmode ?? Mode.disable.rawValue) else {
            throw DatabaseURLError(
                "KILN_DATABASE_URL: sslmode=\(sslmode ?? "") is not supported; use sslmode=disable, require or verify-full")
        }
        if let sslrootcert, mode != .verifyFull {
            // libpq would verify the chain under `require` when the file exists; saying so beats guessing.
            throw DatabaseURLError(
                "KILN_DATABASE_URL: sslrootcert=\(sslrootcert) is only used with sslmode=verify-full (sslmode is \(mode.rawValue))")
        }
        if let sslrootcert, sslrootcert.isEmpty {
            throw DatabaseURLError("KILN_DATABASE_URL: sslrootcert is empty; name a PEM file of certificate authorities")
        }
        self.mode = mode
        self.rootCertificatePath = sslrootcert
        // Made once here and thrown away, so that an unusable `sslrootcert` stops the start rather
        // than every connection.
        if mode != .disable { _ = try makeContext() }
    }

    var configuration: TLSConfiguration? {
        guard mode != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable, .require:
            configuration.certificateVerification = .none
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
            if let rootCertificatePath { configuration.trustRoots = .file(rootCertificatePath) }
        }
        return configuration
    }

    private func makeContext() throws -> NIOSSLContext {
        if let rootCertificatePath {
            guard FileManager.default.isReadableFile(atPath: rootCertificatePath) else {
                throw DatabaseURLError("KILN_DATABASE_URL: sslrootcert=\(rootCertificatePath) cannot be read")
            }
            // The context loads a file it cannot parse without a word; reading it first names the problem.
            do {
                guard try !NIOSSLCertificate.fromPEMFile(rootCertificatePath).isEmpty else {
                    throw DatabaseURLError("KILN_DATABASE_URL: sslrootcert=\(rootCertificatePath) holds no certificate")
                }
            } catch let error as DatabaseURLError {
                throw error
            } catch {
                throw DatabaseURLError("KILN_DATABASE_URL: sslrootcert=\(rootCertificatePath) is not a PEM certificate file")
            }
        }
        do {
            return try NIOSSLContext(configuration: configuration!)
        } catch {
            throw DatabaseURLError("KILN_DATABASE_URL: sslmode=\(mode.rawValue) cannot be set up: \(error)")
        }
    }

    /// For one connection made by hand (start-up work, tests).
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        mode == .disable ? .disable : .require(try makeContext())
    }

    /// For the pool, which makes its own contexts from the configuration.
    var clientTLS: PostgresClient.Configuration.TLS {
        configuration.map { .require($0) } ?? .disable
    }
}
