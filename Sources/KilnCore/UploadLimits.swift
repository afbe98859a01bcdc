/// Limits per upload endpoint; a body past its byte limit is refused with 413 while it is still arriving.
public struct UploadLimits: Sendable, Equatable {
    public var maxFileBytes: Int64
    public var maxVideoBytes: Int64
    public var maxImageBytes: Int64
    /// Decoded pixels an image may have, every frame of an animation counted; checked from the header.
    public var maxImagePixels: Int64
    /// Running time of a video and of a clip, in seconds.
    public var maxVideoSeconds: Double
    public var maxClipSeconds: Double

    /// Pictures larger than 4K UHD (either way round) or faster than this are refused.
    public static let maxVideoLongSide = 3840
    public static let maxVideoShortSide = 2160
    public static let maxVideoFrameRate = 120.0

    public static let `default` = UploadLimits(
        maxFileBytes: 1 << 30,
        maxVideoBytes: 2 << 30,
        maxImageBytes: 100 << 20,
        maxImagePixels: 100_000_000,
        maxVideoSeconds: 2 * 60 * 60,
        maxClipSeconds: 15 * 60
    )

    public init(
        maxFileBytes: Int64, maxVideoBytes: Int64, maxImageBytes: Int64, maxImagePixels: Int64 = 100_000_000,
        maxVideoSeconds: Double = 2 * 60 * 60, maxClipSeconds: Double = 15 * 60
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxVideoBytes = maxVideoBytes
        self.maxImageBytes = maxImageBytes
        self.maxImagePixels = maxImagePixels
        self.maxVideoSeconds = maxVideoSeconds
        self.maxClipSeconds = maxClipSeconds
    }

    /// Why a video of this kind and these measurements is refused, or nil when it is within limits.
    public func videoViolation(type: FileType, width: Int, height: Int, frameRate: Double?, duration: Double?) -> String? {
        let maxSeconds = type == .clip ? maxClipSeconds : maxVideoSeconds
        guard let duration else {
            return "a \(type.rawValue) must say how long it runs; neither its container nor its timestamps do"
        }
        if duration > maxSeconds {
            return "a \(type.rawValue) may run at most \(Self.formatted(maxSeconds)) seconds; this one runs \(Self.formatted(duration))"
        }
        if max(width, height) > Self.maxVideoLongSide || min(width, height) > Self.maxVideoShortSide {
            return "a video may be at most \(Self.maxVideoLongSide)×\(Self.maxVideoShortSide); this one is \(width)×\(height)"
        }
        if let frameRate, frameRate > Self.maxVideoFrameRate {
            return "a video may have at most \(Self.formatted(Self.maxVideoFrameRate)) frames a second; this one has \(Self.formatted(frameRate))"
        }
        return nil
    }

    private static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String((value * 1000).rounded() / 1000)
    }
}
