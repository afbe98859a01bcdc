import KilnCore

/// What a resumable upload says it is (`kind` in its metadata), which decides the upload endpoint
/// whose rules and limits it is held to, as if it had been sent there as a form.
public enum ResumableKind: String, CaseIterable, Sendable {
    case file, image, video, clip, audio

    public var endpoint: UploadEndpoint {
        switch self {
        case .file, .audio: .files
        case .image: .images
        case .video: .videos
        case .clip: .clips
        }
    }

    /// Why an upload whose first bytes sniff as `sniffed` cannot be of this kind.
    public func refusal(of sniffed: SniffedType) -> APIError? {
        if self == .audio, sniffed.category != .audio {
            return APIError.unsupportedMediaType("an audio file is required; the upload is \(sniffed.mimeType)")
        }
        return endpoint.refusal(of: sniffed)
    }
}

extension UploadLimits {
    /// The most bytes one upload to `endpoint` may have.
    public func maxBytes(for endpoint: UploadEndpoint) -> Int64 {
        switch endpoint {
        case .files: maxFileBytes
        case .images: maxImageBytes
        case .videos, .clips: maxVideoBytes
        }
    }
}
