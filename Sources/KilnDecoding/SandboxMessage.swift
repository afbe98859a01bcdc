import KilnCore
import KilnImaging
import KilnVideo

/// What the sandboxed child tells its parent, one frame at a time on its standard output. A frame
/// is a big-endian UInt32 length and that many bytes of JSON, then a UInt32 length and that many
/// bytes of payload (media bytes, which JSON would triple).
enum SandboxMessage: Codable, Equatable {
    /// Which confinement steps the kernel took, and why any was left out.
    case confined(SandboxConfinement)
    case progress(Double)
    case probed(MediaInfo)
    /// The payload is the picture's RGB bytes.
    case poster(width: Int, height: Int)
    /// The payload is the initialization segment.
    case hlsInitialization(HLSRungHeader)
    /// The payload is the segment.
    case hlsSegment(rung: String, index: Int, seconds: Double)
    /// The payload is every size's bytes, one after the other, in the order the frame lists them.
    case image(ImageFrame)
    case imageRefused(ImageRejection)
    case finished
    /// libav's failure: the operation and its code, which the parent turns back into an `AVFailure`.
    case failed(operation: String, code: Int32)
}

/// What the child's confinement came to on this kernel.
public struct SandboxConfinement: Codable, Equatable, Sendable {
    public var limits = false
    public var namespaces = false
    /// The kernel's Landlock ABI version; 0 without Landlock.
    public var landlock = 0
    public var seccomp = false
    /// Why a step was left out, as the kernel said.
    public var fallbacks: [String] = []
}

extension SandboxMessage {
    /// The message with its payload, for an event a job reported.
    static func frame(for event: DecodeEvent) -> (SandboxMessage, [UInt8]) {
        switch event {
        case .probed(let info): (.probed(info), [])
        case .poster(let picture): (.poster(width: picture.width, height: picture.height), picture.rgb)
        case .hls(.initialization(let header, let bytes)): (.hlsInitialization(header), bytes)
        case .hls(.segment(let rung, let index, let seconds, let bytes)): (.hlsSegment(rung: rung, index: index, seconds: seconds), bytes)
        case .image(let image): (.image(ImageFrame(image)), image.variants.flatMap(\.bytes))
        case .imageRefused(let rejection): (.imageRefused(rejection), [])
        }
    }

    /// The event a frame carries, if it carries one.
    func event(payload: [UInt8]) -> DecodeEvent? {
        switch self {
        case .probed(let info): .probed(info)
        case .poster(let width, let height): .poster(RGBPicture(width: width, height: height, rgb: payload))
        case .hlsInitialization(let header): .hls(.initialization(header, bytes: payload))
        case .hlsSegment(let rung, let index, let seconds): .hls(.segment(rung: rung, index: index, seconds: seconds, bytes: payload))
        case .image(let frame): frame.image(payload: payload).map { .image($0) }
        case .imageRefused(let rejection): .imageRefused(rejection)
        case .confined, .progress, .finished, .failed: nil
        }
    }
}

/// A processed image without its bytes, which follow as the frame's payload.
struct ImageFrame: Codable, Equatable {
    struct Size: Codable, Equatable {
        var name: String
        var mimeType: String
        var fileExtension: String
        var width: Int
        var height: Int
        var byteCount: Int
    }

    var header: ImageHeader
    var sizes: [Size]
    var isFull: Bool
    var blurHash: String
    var exif: [String: JSONValue]
    var gps: [String: JSONValue]

    init(_ image: ProcessedImage) {
        header = image.header
        sizes = image.variants.map {
            Size(
                name: $0.name, mimeType: $0.mimeType, fileExtension: $0.fileExtension, width: $0.width, height: $0.height,
                byteCount: $0.bytes.count)
        }
        isFull = image.isFull
        blurHash = image.blurHash
        exif = image.exif
        gps = image.gps
    }

    /// The image, with each size's bytes cut from `payload`; nil when the lengths do not add up.
    func image(payload: [UInt8]) -> ProcessedImage? {
        guard sizes.allSatisfy({ $0.byteCount >= 0 }), sizes.reduce(0, { $0 + $1.byteCount }) == payload.count else { return nil }
        var start = 0
        let variants = sizes.map { size in
            defer { start += size.byteCount }
            return ImageVariant(
                name: size.name, bytes: Array(payload[start..<start + size.byteCount]), mimeType: size.mimeType,
                fileExtension: size.fileExtension, width: size.width, height: size.height)
        }
        return ProcessedImage(header: header, variants: variants, isFull: isFull, blurHash: blurHash, exif: exif, gps: gps)
    }
}
