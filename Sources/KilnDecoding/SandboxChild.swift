import CSandbox
import Foundation
import KilnVideo

#if canImport(Glibc)
import Glibc
#endif

/// The child side of the decoding sandbox (`kiln-sandbox`): reads one request, confines itself to
/// its input and outputs, runs the job and sends back what it makes, then exits. It never touches
/// the network, a database or any file the request does not name.
public enum SandboxChild {
    public static func main() -> Never {
        guard let request = readRequest() else {
            complain("expected one request on standard input, from Kiln")
            exit(2)
        }
        let confinement: SandboxConfinement
        do {
            confinement = try confine(to: request)
        } catch {
            complain("cannot confine the decoder: \(error)")
            exit(3)
        }
        send(.confined(confinement))
        if request.acceptsTestFaults, let fault = DecoderFault.requested(for: request.job) {
            let code = fault.strike { message, payload in send(message, payload: payload) }
            send(.failed(operation: "\(fault.rawValue) on request", code: -code))
            exit(0)
        }
        let monitor = TranscodeMonitor { fraction in send(.progress(fraction)) }
        do throws(AVFailure) {
            try request.job.perform(monitor: monitor) { event throws(AVFailure) in
                let (message, payload) = SandboxMessage.frame(for: event)
                send(message, payload: payload)
            }
            send(.finished)
        } catch {
            send(.failed(operation: error.operation, code: error.code))
        }
        exit(0)
    }

    private static func readRequest() -> SandboxRequest? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= SandboxRequest.maxBytes {
            let count = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk.prefix(count)
        }
        guard bytes.count <= SandboxRequest.maxBytes else { return nil }
        return try? JSONDecoder().decode(SandboxRequest.self, from: Data(bytes))
    }

    /// Limits first (they cannot fail on Linux), then what the kernel may refuse: namespaces and
    /// Landlock are left out with the kernel's reason where it refuses them; the system call filter
    /// is required. Between the namespaces and Landlock the job starts what it needs (libvips).
    private static func confine(to request: SandboxRequest) throws -> SandboxConfinement {
        var confinement = SandboxConfinement()
        try check(kiln_sandbox_detach(), "detach from the parent's descriptors")
        try check(
            kiln_sandbox_limit(request.addressSpaceBytes, request.cpuSeconds, request.fileSizeBytes), "set resource limits")
        confinement.limits = true
        let namespaces = kiln_sandbox_enter_namespaces()
        if namespaces == 0 {
            confinement.namespaces = true
        } else {
            confinement.fallbacks.append("namespaces: \(String(cString: strerror(-namespaces)))")
        }
        do {
            try request.job.prepare()
        } catch {
            throw ConfinementRefused(step: "prepare the \(request.job.name) job", reason: "\(error)")
        }
        let landlock = withCStrings([request.job.input]) { readable in
            withCStrings(request.job.outputs) { writable in
                kiln_sandbox_restrict_files(
                    UnsafeRawPointer(readable).assumingMemoryBound(to: UnsafePointer<CChar>?.self), 1,
                    UnsafeRawPointer(writable).assumingMemoryBound(to: UnsafePointer<CChar>?.self), Int32(request.job.outputs.count))
            }
        }
        if landlock > 0 {
            confinement.landlock = Int(landlock)
        } else if landlock == -ENOSYS || landlock == -EOPNOTSUPP {
            confinement.fallbacks.append("landlock: \(String(cString: strerror(-landlock)))")
        } else {
            try check(landlock, "restrict file access")
        }
        try check(kiln_sandbox_filter_system_calls(), "filter system calls")
        confinement.seccomp = true
        return confinement
    }

    private static func complain(_ text: String) {
        _ = SandboxFrames.write(Array("kiln-sandbox: \(text)\n".utf8), to: 2)
    }

    private static func check(_ result: Int32, _ step: String) throws {
        guard result >= 0 else { throw ConfinementRefused(step: step, reason: String(cString: strerror(-result))) }
    }

    private static func send(_ message: SandboxMessage, payload: [UInt8] = []) {
        guard let frame = try? SandboxFrames.encode(message, payload: payload), SandboxFrames.write(frame, to: 1) else {
            // The parent is gone or stopped reading: nobody is waiting for the rest.
            exit(4)
        }
    }
}

struct ConfinementRefused: Error, CustomStringConvertible {
    let step: String
    let reason: String
    var description: String { "\(step): \(reason)" }
}

/// Runs `body` with `strings` as a C array of C strings, ended by a null pointer.
func withCStrings<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) -> T {
    var pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
