import NIOCore

/// Blob bytes pulled chunk by chunk, so a slow reader never makes the store buffer ahead of it.
public struct BlobReadStream: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    private let makeNext: @Sendable () -> @Sendable () async throws -> ByteBuffer?
    /// The same bytes as a slice of a file in memory, when the store has them so: a consumer may
    /// send that instead of iterating.
    public let file: BlobFileSlice?

    /// `makeNext` is called once per iteration and returns the function that yields its chunks.
    public init(file: BlobFileSlice? = nil, _ makeNext: @escaping @Sendable () -> @Sendable () async throws -> ByteBuffer?) {
        self.file = file
        self.makeNext = makeNext
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> ByteBuffer?
        public mutating func next() async throws -> ByteBuffer? { try await next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(next: makeNext()) }
}
