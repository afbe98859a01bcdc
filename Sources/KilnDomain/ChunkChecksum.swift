import Crypto
import Foundation
import NIOCore

/// The digest a client sent with a chunk (tus checksum extension, `Upload-Checksum`), checked
/// against the bytes as they arrive.
public struct ChunkChecksum: Sendable {
    public enum Algorithm: String, CaseIterable, Sendable {
        case sha1, sha256, md5
    }

    public let algorithm: Algorithm
    public let expected: Data

    public init(algorithm: Algorithm, expected: Data) {
        self.algorithm = algorithm
        self.expected = expected
    }

    /// `<algorithm> <base64 digest>`, as the header carries it; nil for an algorithm Kiln does not
    /// offer or a digest that is not base64.
    public init?(header: String) {
        let pieces = header.split(separator: " ", omittingEmptySubsequences: true)
        guard pieces.count == 2, let algorithm = Algorithm(rawValue: pieces[0].lowercased()),
            let expected = Data(base64Encoded: String(pieces[1]))
        else { return nil }
        self.init(algorithm: algorithm, expected: expected)
    }

    func digester() -> ChunkDigester { ChunkDigester(algorithm) }
}

/// Hashes a chunk's bytes as they stream.
struct ChunkDigester {
    private var sha1: Insecure.SHA1?
    private var sha256: SHA256?
    private var md5: Insecure.MD5?

    init(_ algorithm: ChunkChecksum.Algorithm) {
        switch algorithm {
        case .sha1: sha1 = Insecure.SHA1()
        case .sha256: sha256 = SHA256()
        case .md5: md5 = Insecure.MD5()
        }
    }

    mutating func update(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { bytes in
            sha1?.update(bufferPointer: bytes)
            sha256?.update(bufferPointer: bytes)
            md5?.update(bufferPointer: bytes)
        }
    }

    func digest() -> Data {
        if let sha1 { return Data(sha1.finalize()) }
        if let sha256 { return Data(sha256.finalize()) }
        if let md5 { return Data(md5.finalize()) }
        return Data()
    }
}
