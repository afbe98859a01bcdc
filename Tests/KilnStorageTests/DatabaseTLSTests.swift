import Foundation
import KilnCore
import KilnStorage
import Logging
import PostgresNIO
import Testing

/// `sslmode` and `sslrootcert` in `KILN_DATABASE_URL`, against a server that takes TLS only.
@Suite(
    .serialized, .tlsPostgresServer,
    .enabled(if: TLSPostgresServer.isAvailable, "needs PostgreSQL 15 (apt-get install postgresql-15) and openssl"))
struct DatabaseTLSTests {
    var server: TLSPostgresServer { WithTLSPostgresServer.current! }

    /// Opens the stores as `kiln serve` does (start-up connection and migrations, then the pool) and
    /// writes and reads a row through the pool. A loaded machine may take seconds over a handshake.
    func openAndUse(_ url: String) async throws {
        let stores = try await Stores.open(postgres: DatabaseLocation(url: url), timeout: .seconds(30), logger: Logger(label: "test"))
        try await stores.whileRunning {
            let file = MetadataStoreTests.file()
            try await stores.files.insert(file)
            #expect(try await stores.files.file(id: file.id)?.id == file.id)
        }
    }

    func connectionIsTLS(_ url: String) async throws -> Bool {
        let location = try DatabaseLocation(url: url)
        let connection = try await PostgresConnection.connect(
            configuration: try location.connectionConfiguration(timeout: .seconds(30)), id: 1, logger: Logger(label: "test"))
        defer { Task { try? await connection.close() } }
        let rows = try await connection.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", logger: Logger(label: "test"))
        for try await ssl in rows.decode(Bool.self) { return ssl }
        return false
    }

    func startFailure(_ url: String) async -> String {
        do {
            try await openAndUse(url)
            return "it connected"
        } catch {
            return "\(error)"
        }
    }

    @Test func verifyFullWithTheServersAuthorityConnectsOverTLS() async throws {
        let url = server.url("sslmode=verify-full&sslrootcert=\(server.authority)")
        try await openAndUse(url)
        #expect(try await connectionIsTLS(url))
    }

    @Test func verifyFullWithAnotherAuthorityIsRefused() async {
        let message = await startFailure(server.url("sslmode=verify-full&sslrootcert=\(server.strangerAuthority)"))
        #expect(message.contains("cannot connect to the database at postgres://kiln@localhost:\(server.port)/postgres?sslmode=verify-full"))
        #expect(message.contains("not signed by an authority sslrootcert (\(server.strangerAuthority)) trusts"), "\(message)")
    }

    @Test func verifyFullWithAnotherHostNameIsRefused() async {
        // The certificate names `localhost` only; 127.0.0.1 is the same server under a name it does not carry.
        let message = await startFailure(server.url(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(server.authority)"))
        #expect(message.contains("does not name 127.0.0.1"), "\(message)")
    }

    @Test func verifyFullWithoutARootFileTrustsTheSystemsAuthoritiesOnly() async {
        let message = await startFailure(server.url("sslmode=verify-full"))
        #expect(message.contains("not signed by an authority"), "\(message)")
    }

    @Test func requireEncryptsWithoutAnAuthority() async throws {
        let url = server.url("sslmode=require")
        try await openAndUse(url)
        #expect(try await connectionIsTLS(url))
    }

    @Test func disableAgainstATLSOnlyServerIsRefusedClearly() async {
        let message = await startFailure(server.url("sslmode=disable"))
        #expect(message.contains("no encryption"), "\(message)")
    }
}

/// Settings that cannot work stop the start, naming the setting, before anything connects.
struct DatabaseURLSettingsTests {
    func refusal(_ url: String) -> String {
        do {
            _ = try DatabaseLocation(url: url)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: ["prefer", "allow", "verify-ca", "VERIFY-FULL", ""])
    func unsupportedModesAreRefused(_ mode: String) {
        #expect(
            refusal("postgres://kiln@db:5432/kiln?sslmode=\(mode)")
                == "KILN_DATABASE_URL: sslmode=\(mode) is not supported; use sslmode=disable, require or verify-full")
    }

    @Test func anUnreadableRootFileIsRefused() {
        let path = "/nonexistent/kiln-\(UUID().uuidString).crt"
        #expect(
            refusal("postgres://kiln@db:5432/kiln?sslmode=verify-full&sslrootcert=\(path)")
                == "KILN_DATABASE_URL: sslrootcert=\(path) cannot be read")
    }

    @Test func aRootFileWithoutCertificatesIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-\(UUID().uuidString).crt").path
        try "not a certificate\n".write(toFile: path, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(refusal("postgres://kiln@db:5432/kiln?sslmode=verify-full&sslrootcert=\(path)").hasPrefix("KILN_DATABASE_URL: sslrootcert=\(path) "))
    }

    @Test func aRootFileOutsideVerifyFullIsRefused() {
        #expect(
            refusal("postgres://kiln@db:5432/kiln?sslmode=require&sslrootcert=/etc/ssl/certs/ca-certificates.crt")
                == "KILN_DATABASE_URL: sslrootcert=/etc/ssl/certs/ca-certificates.crt is only used with sslmode=verify-full (sslmode is require)")
    }

    @Test func withoutSSLModeTheConnectionIsPlaintextAsBefore() throws {
        let plain = try DatabaseLocation(url: "postgres://kiln@db:5432/kiln")
        #expect(plain.tls.mode == .disable)
        let verified = try DatabaseLocation(url: "postgres://kiln@db:5432/kiln?sslmode=verify-full")
        #expect(verified.tls.mode == .verifyFull)
    }
}
