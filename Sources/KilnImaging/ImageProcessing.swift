import CMediaShims
import CVips
import Foundation
import KilnCore
import NIOPosix

/// One encoded size of an image, ready to store.
public struct ImageVariant: Sendable {
    public let name: String
    public let bytes: [UInt8]
    public let mimeType: String
    public let fileExtension: String
    public let width: Int
    public let height: Int

    public init(name: String, bytes: [UInt8], mimeType: String, fileExtension: String, width: Int, height: Int) {
        self.name = name
        self.bytes = bytes
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.width = width
        self.height = height
    }
}

/// Everything the upload of an image produces: its measured attributes and its served sizes.
public struct ProcessedImage: Sendable {
    public let header: ImageHeader
    public let variants: [ImageVariant]
    public let isFull: Bool
    public let blurHash: String
    public let exif: [String: JSONValue]
    public let gps: [String: JSONValue]

    public init(
        header: ImageHeader, variants: [ImageVariant], isFull: Bool, blurHash: String, exif: [String: JSONValue],
        gps: [String: JSONValue]
    ) {
        self.header = header
        self.variants = variants
        self.isFull = isFull
        self.blurHash = blurHash
        self.exif = exif
        self.gps = gps
    }

    /// The `attributes.metadata` of the file object.
    public var metadata: [String: JSONValue] {
        var metadata: [String: JSONValue] = [
            "width": .number(Double(header.width)), "height": .number(Double(header.height)),
            "orientation": .number(Double(header.orientation)), "hasAlpha": .bool(header.hasAlpha),
            "isFull": .bool(isFull), "blurHash": .string(blurHash),
        ]
        if header.isAnimated { metadata["frames"] = .number(Double(header.frames)) }
        if !exif.isEmpty { metadata["exif"] = .object(exif) }
        if !gps.isEmpty { metadata["gps"] = .object(gps) }
        return metadata
    }
}

/// Why an image was refused; the server answers 422 with `clientMessage`. Codable: a sandboxed
/// child sends it back as its answer.
public enum ImageRejection: Error, CustomStringConvertible, Codable, Equatable {
    case tooManyPixels(ImageHeader, limit: Int64)
    /// libvips's reason, for the log only: its error buffer is process-wide, so the text may carry
    /// another operation's lines, and it names server paths.
    case undecodable(detail: String)

    public var clientMessage: String {
        switch self {
        case .tooManyPixels(let header, let limit):
            "image has \(header.pixelCount) pixels (\(header.storedWidth)×\(header.storedHeight)"
                + (header.frames > 1 ? " × \(header.frames) frames" : "") + "); at most \(limit) are allowed"
        case .undecodable: "image cannot be decoded: its data is damaged or cut short"
        }
    }

    public var description: String {
        switch self {
        case .tooManyPixels: clientMessage
        case .undecodable(let detail): "image cannot be decoded: \(detail)"
        }
    }
}

/// Runs the image pipeline on a fixed number of threads of its own, off Swift's cooperative pool,
/// behind a bounded queue (imgproxy's shape): at most `concurrency` images decode at once, at most
/// `queueLimit` wait, and an upload past that is refused as busy rather than held in memory. Each
/// worker runs the pipeline where `runner` says: on its own thread, or in a sandboxed child it waits for.
public final class ImageProcessor: Sendable {
    public static let sizes: [(name: String, longestSide: Int)] = [("small", 160), ("medium", 600), ("large", 1500)]

    let maxPixels: Int64
    private let runner: ImagePipelineRunner
    private let workers: NIOThreadPool
    let admission: AdmissionGate

    public init(
        maxPixels: Int64, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, queueLimit: Int = 64,
        runner: ImagePipelineRunner = .inProcess
    ) throws {
        try VipsRuntime.ensureStarted()
        self.maxPixels = maxPixels
        self.runner = runner
        workers = NIOThreadPool(numberOfThreads: max(1, concurrency))
        admission = AdmissionGate(capacity: max(1, concurrency) + max(0, queueLimit))
        workers.start()
    }

    deinit { workers.shutdownGracefully { _ in } }

    /// The header of the file at `path`, or nil when libvips cannot read it as an image.
    public func header(of path: String, mimeType: String) async throws -> ImageHeader? {
        try await run {
            guard let source = try? Self.open(path, mimeType: mimeType) else {
                vips_error_clear()
                return nil
            }
            return ImageHeader.read(source)
        }
    }

    /// Throws `ImageWorkersBusy` at once when the workers and the queue are full.
    public func process(path: String, mimeType: String, fullImage: Bool) async throws -> ProcessedImage {
        guard admission.tryEnter() else { throw ImageWorkersBusy() }
        defer { admission.leave() }
        let pipeline = ImagePipeline(path: path, mimeType: mimeType, fullImage: fullImage, maxPixels: maxPixels)
        return try await run { [runner] in try runner.run(pipeline) }
    }

    /// Runs libvips work on the processor's own threads.
    func run<T: Sendable>(_ work: @Sendable @escaping () throws -> T) async throws -> T {
        try await workers.runIfActive(work)
    }

    /// GIF and WebP may be animated: their header is read with every frame.
    static func open(_ path: String, mimeType: String) throws(VipsError) -> VipsImageHandle {
        try VipsImageHandle.make("load \(mimeType)") { kiln_vips_open(path, mayBeAnimated(mimeType) ? 1 : 0, $0) }
    }

    static func mayBeAnimated(_ mimeType: String) -> Bool { mimeType == "image/gif" || mimeType == "image/webp" }
}

/// The image pipeline as a list of named steps: probe, check limits, read metadata, decode once at the
/// largest size needed, derive the smaller sizes from it, hash, encode. A value that says everything
/// the run needs, so a sandboxed child can be sent it and run it the same way.
public struct ImagePipeline: Sendable, Codable, Equatable {
    public let path: String
    public let mimeType: String
    public let fullImage: Bool
    public let maxPixels: Int64

    public init(path: String, mimeType: String, fullImage: Bool, maxPixels: Int64) {
        self.path = path
        self.mimeType = mimeType
        self.fullImage = fullImage
        self.maxPixels = maxPixels
    }

    /// Runs the steps on the calling thread; libvips must have been started (`VipsRuntime`).
    public func run() throws(ImageRejection) -> ProcessedImage {
        do {
            let source = try ImageProcessor.open(path, mimeType: mimeType)
            let header = ImageHeader.read(source)
            try checkLimits(header)
            let metadata = ExifReader { source.string($0) }
            let largest = try decodeLargest(header)
            let sizes = try deriveSmallerSizes(from: largest)
            let blurHash = try hash(sizes.first { $0.name == "small" }!.image, header: header)
            let format = OutputFormat.choose(for: header, mimeType: mimeType)
            let variants = try sizes.map { try $0.image.servedVariant(named: $0.name, as: format) }
            return ProcessedImage(
                header: header, variants: variants, isFull: fullImage, blurHash: blurHash, exif: metadata.exif,
                gps: metadata.gps)
        } catch let rejection as ImageRejection {
            throw rejection
        } catch {
            // Every other failure is libvips's (a VipsError).
            throw .undecodable(detail: "\(error)")
        }
    }

    /// A decompression bomb is refused from its header, before a single pixel is decoded.
    func checkLimits(_ header: ImageHeader) throws {
        guard header.pixelCount <= maxPixels else { throw ImageRejection.tooManyPixels(header, limit: maxPixels) }
        guard header.storedWidth > 0, header.storedHeight > 0 else { throw ImageRejection.undecodable(detail: "image has no pixels") }
    }

    /// One decode, shrinking on load where the format allows: upright, in sRGB.
    func decodeLargest(_ header: ImageHeader) throws(VipsError) -> VipsImageHandle {
        let box = fullImage ? (header.width, header.height) : (ImageProcessor.sizes.last!.longestSide, ImageProcessor.sizes.last!.longestSide)
        let animated = ImageProcessor.mayBeAnimated(mimeType)
        return try VipsImageHandle.make("vips_thumbnail") { kiln_vips_thumbnail_file(path, animated ? 1 : 0, Int32(box.0), Int32(box.1), $0) }
            .copiedToMemory()
    }

    /// The sizes a run makes, in the order it makes them (`deriveSmallerSizes`).
    public var sizeNames: [String] { (fullImage ? ["full"] : []) + ImageProcessor.sizes.reversed().map(\.name) }

    /// `large`, `medium` and `small`, each made from the one before; with `fullImage`, `full` (the decoded
    /// original) comes first. Without it, `full` is served from `large`.
    func deriveSmallerSizes(from largest: VipsImageHandle) throws(VipsError) -> [(name: String, image: VipsImageHandle)] {
        var sizes: [(name: String, image: VipsImageHandle)] = fullImage ? [("full", largest)] : []
        var current = largest
        for (name, side) in ImageProcessor.sizes.reversed() {
            if fullImage || name != "large" {
                current = try current.thumbnail(width: side, height: side).copiedToMemory()
            }
            sizes.append((name, current))
        }
        return sizes
    }

    /// BlurHash of the first frame.
    func hash(_ small: VipsImageHandle, header: ImageHeader) throws(VipsError) -> String {
        try small.blurHash(firstFrameOnly: header.isAnimated)
    }

}

extension VipsImageHandle {
    /// Served bytes keep only the ICC profile and the frame layout: no EXIF, GPS, XMP or IPTC.
    func servedVariant(named name: String, as format: OutputFormat) throws(VipsError) -> ImageVariant {
        let kept: Set<String> = ["icc-profile-data", "page-height", "n-pages", "delay", "loop", "gif-delay", "gif-loop"]
        let clean = try srgb8().strippingMetadata { kept.contains($0) }
        let frameHeight = clean.pageCount > 1 && clean.pageHeight > 0 ? clean.pageHeight : clean.height
        let bytes: [UInt8]
        switch format {
        case .jpeg:
            let jpeg = try clean.encoded("vips_jpegsave_buffer") { kiln_vips_jpegsave(clean.pointer, 82, $0, $1) }
            bytes = clean.blob("icc-profile-data").map { JPEGMarkers.embeddingICCProfile($0, in: jpeg) } ?? jpeg
        case .png: bytes = try clean.encoded("vips_pngsave_buffer") { kiln_vips_pngsave(clean.pointer, $0, $1) }
        case .webp: bytes = try clean.encoded("vips_webpsave_buffer") { kiln_vips_webpsave(clean.pointer, 82, $0, $1) }
        case .gif: bytes = try clean.encoded("vips_gifsave_buffer") { kiln_vips_gifsave(clean.pointer, $0, $1) }
        }
        return ImageVariant(
            name: name, bytes: bytes, mimeType: format.mimeType, fileExtension: format.fileExtension, width: clean.width,
            height: frameHeight)
    }
}

extension ImageVariant {
    /// Whether a size of this type and file extension is one the pipeline writes.
    public static func isServed(mimeType: String, fileExtension: String) -> Bool {
        OutputFormat.allCases.contains { $0.mimeType == mimeType && $0.fileExtension == fileExtension }
    }
}

/// What served sizes are written as: every browser can show them.
enum OutputFormat: CaseIterable {
    case jpeg, png, webp, gif

    /// Animations stay animated in their own format; stills with alpha become PNG, the rest JPEG.
    static func choose(for header: ImageHeader, mimeType: String) -> OutputFormat {
        if header.isAnimated { return mimeType == "image/gif" ? .gif : .webp }
        return header.hasAlpha ? .png : .jpeg
    }

    var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .gif: "image/gif"
        }
    }

    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .webp: "webp"
        case .gif: "gif"
        }
    }
}

/// Every image worker is busy and the queue in front of them is full.
public struct ImageWorkersBusy: Error, CustomStringConvertible {
    public var description: String { "every image worker is busy and the image queue is full" }
}
