import CMediaShims
import CVips
import KilnCore

/// What a header-only read tells about an image, before any pixel is decoded.
public struct ImageHeader: Sendable, Equatable, Codable {
    /// Width and height of one frame as stored, before EXIF orientation.
    public let storedWidth: Int
    public let storedHeight: Int
    public let frames: Int
    public let orientation: Int
    public let hasAlpha: Bool

    /// As displayed: orientations 5–8 turn the image a quarter.
    public var width: Int { orientation >= 5 ? storedHeight : storedWidth }
    public var height: Int { orientation >= 5 ? storedWidth : storedHeight }
    /// Every frame counts: an animation decodes all of them. Past Int64, the most there is: it is
    /// only compared with a limit.
    public var pixelCount: Int64 { Self.pixels(width: storedWidth, height: storedHeight, frames: frames) }

    public static func pixels(width: Int, height: Int, frames: Int = 1) -> Int64 {
        let (area, areaOverflows) = Int64(width).multipliedReportingOverflow(by: Int64(height))
        let (count, countOverflows) = area.multipliedReportingOverflow(by: Int64(frames))
        return areaOverflows || countOverflows ? .max : count
    }
    public var isAnimated: Bool { frames > 1 }
}

extension ImageHeader {
    /// The header of an image opened lazily, so no pixel has been decoded; frames are counted when it
    /// was opened with all its pages.
    static func read(_ image: VipsImageHandle) -> ImageHeader {
        let frames = image.pageCount
        let frameHeight = frames > 1 && image.pageHeight > 0 ? image.pageHeight : image.height
        return ImageHeader(
            storedWidth: image.width, storedHeight: frameHeight, frames: frames,
            orientation: (1...8).contains(image.orientation) ? image.orientation : 1, hasAlpha: image.hasAlpha)
    }
}
