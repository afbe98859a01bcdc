import CSandbox

#if canImport(Glibc)
import Glibc
#endif

/// One running `kiln-sandbox` child and the three pipes to it. Owns them: however the run ends, the
/// child is killed if still running, reaped, and the pipes closed.
final class SandboxProcess {
    let pid: pid_t
    private var input: Int32
    let output: Int32
    let errors: Int32
    private var status: Int32?
    /// Why the parent killed the child, when it did.
    private(set) var killedBecause: String?

    /// What the child starts with: no inherited settings but these.
    static let environment = [
        // Swift's crash reporter would try to start a program, which the filter refuses.
        "SWIFT_BACKTRACE=enable=no",
        // Each thread's malloc arena reserves 64 MiB of address space; two are enough.
        "GLIBC_TUNABLES=glibc.malloc.arena_max=2",
        "LC_ALL=C",
    ]

    init(executable: String) throws {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errorsFromChild: [Int32] = [-1, -1]
        guard kiln_sandbox_pipe(&toChild) == 0 else { throw SandboxFailure(.decoderCrashed, "no pipe: \(Self.reason())") }
        guard kiln_sandbox_pipe(&fromChild) == 0 else {
            [toChild[0], toChild[1]].forEach { _ = close($0) }
            throw SandboxFailure(.decoderCrashed, "no pipe: \(Self.reason())")
        }
        guard kiln_sandbox_pipe(&errorsFromChild) == 0 else {
            (toChild + fromChild).forEach { _ = close($0) }
            throw SandboxFailure(.decoderCrashed, "no pipe: \(Self.reason())")
        }
        defer { [toChild[0], fromChild[1], errorsFromChild[1]].forEach { _ = close($0) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), defaults = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGXCPU, SIGXFSZ, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // Its own process group: a Ctrl-C meant for the server is the server's to handle.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let arguments = [executable]
        let result = withCStrings(arguments) { argv in
            withCStrings(Self.environment) { environment in
                posix_spawn(&pid, executable, &actions, &attributes, argv, environment)
            }
        }
        guard result == 0 else {
            [toChild[1], fromChild[0], errorsFromChild[0]].forEach { _ = close($0) }
            throw SandboxUnavailable("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
        input = toChild[1]
        output = fromChild[0]
        errors = errorsFromChild[0]
    }

    deinit {
        if status == nil {
            Glibc.kill(pid, SIGKILL)
            _ = wait()
        }
        closeInput()
        close(output)
        close(errors)
    }

    /// Writes the request and closes the child's standard input.
    func send(_ bytes: [UInt8]) {
        _ = SandboxFrames.write(bytes, to: input)
        closeInput()
    }

    private func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    func kill(because reason: String) {
        if killedBecause == nil { killedBecause = reason }
        Glibc.kill(pid, SIGKILL)
    }

    /// Waits for the child to end; its wait status.
    func wait() -> Int32 {
        if let status { return status }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        self.status = status
        return status
    }

    static func reason() -> String { String(cString: strerror(errno)) }
}

/// The sandbox program cannot be started: a deployment fault, not the media's.
public struct SandboxUnavailable: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
