import Foundation
import Testing

/// A PostgreSQL 15 of its own that accepts TLS connections only (`hostssl` in pg_hba.conf, nothing
/// for plain TCP), with a certificate authority and a server certificate for `localhost` made by
/// `openssl` for the run, and a second authority that signed nothing. Everything lives in one
/// temporary folder, removed when the suite ends.
struct TLSPostgresServer: Sendable {
    static let binaries = "/usr/lib/postgresql/15/bin"
    static let openssl = "/usr/bin/openssl"

    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "\(binaries)/initdb")
            && FileManager.default.isExecutableFile(atPath: openssl)
    }

    let folder: String
    let port: Int
    var authority: String { "\(folder)/ca.crt" }
    var strangerAuthority: String { "\(folder)/stranger-ca.crt" }

    /// `postgres://kiln@HOST:PORT/postgres` with the given query.
    func url(host: String = "localhost", _ query: String) -> String {
        "postgres://kiln:unused-under-trust@\(host):\(port)/postgres" + (query.isEmpty ? "" : "?\(query)")
    }

    static func start() throws -> TLSPostgresServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-tls-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            try makeCertificates(in: folder)
            let data = "\(folder)/data"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            try asOwner(["chown", "-R", "postgres:", folder], always: false)
            try asOwner([
                "\(binaries)/initdb", "-D", data, "-U", "kiln", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ])
            for name in ["server.crt", "server.key"] {
                try asOwner(["cp", "\(folder)/\(name)", "\(data)/\(name)"])
            }
            try asOwner(["chmod", "600", "\(data)/server.key"])
            // TCP only over TLS; the socket in the folder stays for pg_ctl.
            try "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostssl all all ::1/128 trust\n"
                .write(toFile: "\(data)/pg_hba.conf", atomically: false, encoding: .utf8)
            try asOwner(["chown", "postgres:", "\(data)/pg_hba.conf"], always: false)
            // Another process may take the free port before the server binds it: try another.
            var lastError: (any Error)?
            for _ in 1...3 {
                let port = try freePort()
                do {
                    try asOwner([
                        "\(binaries)/pg_ctl", "-D", data, "-l", "\(folder)/log", "-w", "-o",
                        "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder) -c fsync=off -c ssl=on "
                            + "-c ssl_cert_file=server.crt -c ssl_key_file=server.key",
                        "start",
                    ])
                    return TLSPostgresServer(folder: folder, port: port)
                } catch {
                    lastError = error
                }
            }
            let log = (try? String(contentsOfFile: "\(folder)/log", encoding: .utf8)) ?? ""
            throw CommandFailure(description: "the TLS PostgreSQL did not start: \(lastError.map { "\($0)" } ?? "") \(log)")
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    func remove() {
        try? Self.asOwner(["\(Self.binaries)/pg_ctl", "-D", "\(folder)/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func makeCertificates(in folder: String) throws {
        func openssl(_ arguments: [String]) throws { try run([Self.openssl] + arguments, in: folder) }
        for authority in ["ca", "stranger-ca"] {
            try openssl([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(authority).key", "-out", "\(authority).crt",
                "-days", "30", "-subj", "/CN=Kiln test \(authority)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        }
        try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"])
        try "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
            .write(toFile: "\(folder)/server.ext", atomically: false, encoding: .utf8)
        try openssl([
            "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
            "-days", "30", "-extfile", "server.ext",
        ])
    }

    /// initdb refuses to run as root: as root, the cluster belongs to the `postgres` user.
    private static func asOwner(_ command: [String], always: Bool = true) throws {
        if getuid() == 0 {
            try run(command[0] == "chown" ? command : ["/usr/sbin/runuser", "-u", "postgres", "--"] + command)
        } else if always {
            try run(command)
        }
    }

    struct CommandFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program to its end; a non-zero exit is a failure carrying what it printed (openssl
    /// and pg_ctl chatter on standard error even when they succeed). Spawned and waited for here
    /// rather than by Foundation's `Process`, which watches its child through a descriptor the server
    /// pg_ctl leaves running inherits, and so never sees pg_ctl end; the output goes to a file for
    /// the same reason.
    private static func run(_ command: [String], in folder: String? = nil) throws {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-tls-pg-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let program = command[0].hasPrefix("/") ? command[0] : "/usr/bin/\(command[0])"
        let shellLine = (folder.map { "cd '\($0)' && " } ?? "") + "exec \"$0\" \"$@\" </dev/null >'\(outputPath)' 2>&1"
        let arguments = ["/bin/sh", "-c", shellLine, program] + command.dropFirst()
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
        guard spawned == 0 else { throw CommandFailure(description: "cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw CommandFailure(description: "\(command.joined(separator: " ")): wait status \(status): \(text)")
        }
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CommandFailure(description: "no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw CommandFailure(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Starts one server for the whole suite it is put on, and removes it after the suite's last test.
struct WithTLSPostgresServer: SuiteTrait, TestScoping {
    @TaskLocal static var current: TLSPostgresServer?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void)
        async throws
    {
        let server = try TLSPostgresServer.start()
        defer { server.remove() }
        try await Self.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == WithTLSPostgresServer {
    static var tlsPostgresServer: Self { WithTLSPostgresServer() }
}
