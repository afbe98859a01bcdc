import KilnCore
import KilnStorage

extension TranscodeConflict {
    public func apiError(for id: FileID) -> APIError {
        switch self {
        case .noSuchFile:
            APIError.notFound("no file with id \(id)")
        case .deleted:
            APIError.gone("file \(id) has been deleted")
        case .notTranscodable(let type):
            APIError.conflict("file \(id) is of type \(type.rawValue); only video, clip and audio files are transcoded")
        case .alreadyRunning:
            APIError.conflict("file \(id) is already waiting for or in transcoding; send {\"force\":true} to start it over")
        case .notFailed(let status):
            APIError.conflict("file \(id) is \(status.rawValue); send {\"force\":true} to transcode it again")
        }
    }
}
