import Foundation
import KilnCore
import KilnDecoding
import KilnDomain
import KilnImaging
import Logging

/// `kiln probe FILE`: the attributes Kiln would store for a file, without storing it.
public struct FileProbe: Sendable {
    private let deriver: MediaDeriver

    public init(limits: UploadLimits = .default, sandbox: SandboxSettings = SandboxSettings()) throws {
        let logger = Logger(label: "kiln-probe")
        let decoder = MediaDecoder(
            settings: sandbox, inspectionThreads: 1, inspectionQueueLimit: 0, transcodeThreads: 1, logger: logger)
        let images = try ImageProcessor(maxPixels: limits.maxImagePixels, runner: decoder.imagePipelineRunner)
        deriver = MediaDeriver(
            images: images, media: MediaInspector(images: images, decoder: decoder, logger: logger), limits: limits, logger: logger)
    }

    public func attributesJSON(of path: String) async throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let head = try handle.read(upToCount: MediaSniffer.headLength) ?? Data()
        let size = try handle.seekToEnd()
        try handle.close()
        let sniffed = MediaSniffer.sniff(Array(head))
        // What the upload endpoint for this kind would make of it.
        let endpoint: UploadEndpoint =
            UploadEndpoint.imageTypes.contains(sniffed.mimeType) ? .images : sniffed.category == .video ? .videos : .files
        let derived = try await deriver.derive(from: path, sniffed: sniffed, endpoint: endpoint, fullImage: false)
        let attributes = FileObject.Attributes(
            name: FileName.sanitized(path), extension: sniffed.fileExtension, size: Int64(size), mimeType: sniffed.mimeType,
            metadata: derived.metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(attributes), as: UTF8.self)
    }
}
