/// The kind of a stored file as the reference API names it.
public enum FileType: String, Codable, Sendable, CaseIterable {
    case image, file, video, audio, clip

    /// Video, clip and audio move through the transcoding states; images and files stay `uploaded`.
    public var isTranscoded: Bool {
        switch self {
        case .video, .clip, .audio: true
        case .image, .file: false
        }
    }
}

/// Who may download a file: anyone, or only holders of a valid token or signed URL.
public enum AccessType: String, Codable, Sendable, CaseIterable {
    case `public`
    case network
}

public enum FileStatus: String, Codable, Sendable, CaseIterable {
    case uploaded, transcoding, transcoded, transcodeFailed
}

public enum FeedType: String, Codable, Sendable, CaseIterable {
    case post, story, clip, chat, message
}
