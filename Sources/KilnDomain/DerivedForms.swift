import KilnCore
import KilnDecoding
import KilnImaging
import KilnVideo
import Logging

/// What Kiln makes of an upload besides storing it: its type, measured attributes and encoded variants.
public struct DerivedForms: Sendable {
    var type: FileType
    public internal(set) var metadata: [String: JSONValue] = [:]
    var variants: [String: StoredVariant] = [:]
    /// Bytes to store, by blob variant name.
    var blobs: [(name: String, bytes: [UInt8])] = []

    init(type: FileType) { self.type = type }

    /// The image sizes as stored variants; without `fullImage`, `full` is served from `large`.
    init(image: ProcessedImage) {
        type = .image
        metadata = image.metadata
        for variant in image.variants {
            add(variant.name, bytes: variant.bytes, mimeType: variant.mimeType, width: variant.width, height: variant.height)
        }
        if !image.isFull { variants["full"] = variants["large"] }
    }

    /// Width and height for an image stored as a plain file, when libvips can read its header.
    init(header: ImageHeader?) {
        type = .file
        guard let header else { return }
        metadata = ["width": .number(Double(header.width)), "height": .number(Double(header.height))]
    }

    /// A video or clip: its probed attributes and, when a frame decodes, its poster and BlurHash.
    init(video info: MediaInfo, type: FileType, poster: EncodedPoster?) {
        self.type = type
        metadata = info.metadata
        if let poster { add(poster) }
    }

    /// An audio file: duration, codec and bit rate.
    init(audio info: MediaInfo) {
        type = .audio
        metadata = info.metadata
    }

    mutating func add(_ poster: EncodedPoster) {
        metadata["blurHash"] = .string(poster.blurHash)
        add(StoredVariant.posterName, bytes: poster.jpeg, mimeType: "image/jpeg", width: poster.width, height: poster.height)
    }

    private mutating func add(_ name: String, bytes: [UInt8], mimeType: String, width: Int, height: Int) {
        variants[name] = StoredVariant(blob: name, mimeType: mimeType, width: width, height: height, size: Int64(bytes.count))
        blobs.append((name, bytes))
    }
}

/// Decides what an upload is, by endpoint, sniffed kind and what the decoders find, and derives its forms.
public struct MediaDeriver: Sendable {
    let images: ImageProcessor
    let media: MediaInspector
    let limits: UploadLimits
    let logger: Logger

    public init(images: ImageProcessor, media: MediaInspector, limits: UploadLimits, logger: Logger) {
        self.images = images
        self.media = media
        self.limits = limits
        self.logger = logger
    }

    public func derive(from path: String, sniffed: SniffedType, endpoint: UploadEndpoint, fullImage: Bool) async throws(APIError)
        -> DerivedForms
    {
        switch endpoint {
        case .images: return try await image(path, sniffed: sniffed, fullImage: fullImage)
        case .videos: return try await video(path, sniffed: sniffed, type: .video)
        case .clips: return try await video(path, sniffed: sniffed, type: .clip)
        case .files: return try await file(path, sniffed: sniffed)
        }
    }

    private func image(_ path: String, sniffed: SniffedType, fullImage: Bool) async throws(APIError) -> DerivedForms {
        if let refusal = UploadEndpoint.images.refusal(of: sniffed) { throw refusal }
        let started = ContinuousClock.now
        do {
            let forms = DerivedForms(image: try await images.process(path: path, mimeType: sniffed.mimeType, fullImage: fullImage))
            KilnMeasures.imageProcessing(ContinuousClock.now - started, outcome: "made")
            return forms
        } catch is ImageWorkersBusy {
            throw APIError.imageWorkersBusy
        } catch let rejection as ImageRejection {
            KilnMeasures.imageProcessing(ContinuousClock.now - started, outcome: "refused")
            logger.notice("image refused", metadata: ["reason": "\(rejection)"])
            throw APIError.unprocessable(rejection.clientMessage)
        } catch let failure as SandboxFailure {
            // A sandboxed image child that crashed or went past its limits costs this upload, as a video's does.
            KilnMeasures.imageProcessing(ContinuousClock.now - started, outcome: "refused")
            throw refusal(probing: failure, as: "an image")
        } catch {
            throw logger.internalError("image processing failed", error)
        }
    }

    /// A video must have a decodable video stream within the limits; the poster is best effort.
    private func video(_ path: String, sniffed: SniffedType, type: FileType) async throws(APIError) -> DerivedForms {
        if let refusal = UploadEndpoint.videos.refusal(of: sniffed) { throw refusal }
        let info: MediaInfo
        do {
            info = try await media.probe(path)
        } catch let failure as AVFailure where failure.isUnacceptedContainer {
            logger.notice("video refused", metadata: ["reason": "\(failure)"])
            throw APIError.unsupportedMediaType(
                "a video is required, in a container Kiln reads (MP4, MOV, 3GP, WebM, Matroska, AVI, FLV, MPEG-TS, "
                    + "MPEG-PS, ASF/WMV or Ogg); the upload is none of them")
        } catch {
            throw refusal(probing: error, as: "a video")
        }
        guard info.hasVideo, let width = info.width, let height = info.height else {
            throw APIError.unsupportedMediaType(
                "a video is required; the upload has no video stream" + (info.hasAudio ? " (it is audio)" : ""))
        }
        guard info.canDecodeVideo else {
            throw APIError.unprocessable("the upload's \(info.videoCodec ?? "video") stream cannot be decoded")
        }
        if let violation = limits.videoViolation(
            type: type, width: width, height: height, frameRate: info.frameRate, duration: info.duration)
        {
            throw APIError.unprocessable(violation)
        }
        do {
            return DerivedForms(video: info, type: type, poster: try await media.poster(of: path))
        } catch {
            throw refusal(probing: error, as: "a video")
        }
    }

    /// Anything goes; an image gets its dimensions, and audio libav can decode becomes an `audio`
    /// file that is transcoded.
    private func file(_ path: String, sniffed: SniffedType) async throws(APIError) -> DerivedForms {
        switch sniffed.category {
        case .image:
            return DerivedForms(header: try? await images.header(of: path, mimeType: sniffed.mimeType))
        case .audio:
            let info: MediaInfo
            do {
                info = try await media.probe(path)
            } catch is AVFailure {
                // Sniffed as audio, unreadable as audio: kept as a plain file, as any file may be.
                return DerivedForms(type: .file)
            } catch {
                throw refusal(probing: error, as: "audio")
            }
            guard info.hasAudio, info.canDecodeAudio, !info.hasVideo else { return DerivedForms(type: .file) }
            return DerivedForms(audio: info)
        default:
            return DerivedForms(type: .file)
        }
    }

    /// The answer to an upload whose probe failed: busy workers are 503, anything else the upload's
    /// fault (422) in libav's words or the sandbox's, never with a path.
    private func refusal(probing error: any Error, as kind: String) -> APIError {
        switch error {
        case is MediaWorkersBusy:
            var busy = APIError(.serviceUnavailable, "the media workers are busy; try again shortly")
            busy.extraHeaders = [.retryAfter: "1"]
            return busy
        case let failure as SandboxFailure:
            KilnMeasures.sandboxFailure(failure, during: "upload")
            logger.warning("upload refused by the decoding sandbox", metadata: ["reason": "\(failure)"])
            return APIError.unprocessable("the upload cannot be read as \(kind): \(failure)")
        case let failure as AVFailure:
            logger.notice("upload refused", metadata: ["reason": "\(failure)"])
            // libav's own words for the code (e.g. "Invalid data found when processing input").
            return APIError.unprocessable("the upload cannot be read as \(kind): \(failure.message)")
        default:
            return logger.internalError("probing an upload failed", error)
        }
    }
}

extension APIError {
    /// The image workers and their queue are full: 503, to be tried again in a second.
    static var imageWorkersBusy: APIError {
        var busy = APIError(.serviceUnavailable, "the image workers are busy; try again shortly")
        busy.extraHeaders = [.retryAfter: "1"]
        return busy
    }
}
