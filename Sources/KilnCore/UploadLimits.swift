/// Byte limits per upload endpoint; a body past its limit is refused with 413 while it is still arriving.
public struct UploadLimits: Sendable, Equatable {
    public var maxFileBytes: Int64
    public var maxVideoBytes: Int64
    public var maxImageBytes: Int64
    /// Decoded pixels an image may have, every frame of an animation counted; checked from the header.
    public var maxImagePixels: Int64

    public static let `default` = UploadLimits(
        maxFileBytes: 1 << 30,
        maxVideoBytes: 2 << 30,
        maxImageBytes: 100 << 20,
        maxImagePixels: 100_000_000
    )

    public init(maxFileBytes: Int64, maxVideoBytes: Int64, maxImageBytes: Int64, maxImagePixels: Int64 = 100_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxImageBytes = maxImageBytes
        self.maxImagePixels = maxImagePixels
    }
}
