import KilnImaging
import KilnVideo
import Logging
import NIOPosix

/// libav's probe and poster decode, run off Swift's cooperative threads.
public struct MediaInspector: Sendable {
    let images: ImageProcessor
    let logger: Logger

    public init(images: ImageProcessor, logger: Logger) {
        self.images = images
        self.logger = logger
    }

    func probe(_ path: String) async throws -> MediaInfo {
        try await NIOThreadPool.singleton.runIfActive { try MediaProbe.probe(path: path) }
    }

    /// The poster frame as a JPEG with its BlurHash; nil (and logged) when no frame decodes, which
    /// the transcode then reports with its reason.
    func poster(of path: String) async -> EncodedPoster? {
        do {
            let picture = try await NIOThreadPool.singleton.runIfActive { try PosterFrame.extract(from: path) }
            return try await images.encodePoster(rgb: picture.rgb, width: picture.width, height: picture.height)
        } catch {
            logger.notice("no poster", metadata: ["path": "\(path)", "error": "\(error)"])
            return nil
        }
    }
}
