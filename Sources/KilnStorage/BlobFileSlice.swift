/// Blob bytes that are a slice of an open file whose pages are in memory: a sender that can hand
/// them from the page cache to a socket (sendfile) need not copy them through the process.
public struct BlobFileSlice: Sendable {
    let descriptor: FileDescriptor
    public let range: Range<Int64>

    /// Runs `body` with the file's descriptor, which stays open until `body` returns. `body` must not
    /// close it or keep it.
    public func withDescriptor<T>(_ body: (CInt) async throws -> T) async rethrows -> T {
        let result = try await body(descriptor.rawValue)
        withExtendedLifetime(descriptor) {}
        return result
    }
}
