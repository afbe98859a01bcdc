import KilnDecoding
import KilnImaging
import KilnVideo
import Logging

/// libav's probe and poster of an upload, through the media decoder (sandboxed unless turned off).
public struct MediaInspector: Sendable {
    let images: ImageProcessor
    let decoder: MediaDecoder
    let logger: Logger

    public init(images: ImageProcessor, decoder: MediaDecoder, logger: Logger) {
        self.images = images
        self.decoder = decoder
        self.logger = logger
    }

    func probe(_ path: String, for inspector: MediaDecoder.Inspector = .upload) async throws -> MediaInfo {
        try await decoder.probe(path, for: inspector)
    }

    /// The poster frame as a JPEG with its BlurHash; nil (and logged) when no frame decodes, which
    /// the transcode then reports with its reason. A decoder that crashed or went past its limits, or
    /// busy workers, are thrown: that is the file's or the node's state, not a missing frame.
    func poster(of path: String, for inspector: MediaDecoder.Inspector = .upload) async throws -> EncodedPoster? {
        do {
            let picture = try await decoder.poster(of: path, for: inspector)
            return try await images.encodePoster(rgb: picture.rgb, width: picture.width, height: picture.height)
        } catch let error as SandboxFailure {
            throw error
        } catch let error as MediaWorkersBusy {
            throw error
        } catch {
            logger.notice("no poster", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
