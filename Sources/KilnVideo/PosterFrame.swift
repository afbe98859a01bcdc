import CAV
import CMediaShims

/// A still picture from a video, upright, as packed 8-bit RGB.
public struct RGBPicture: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public let rgb: [UInt8]

    public init(width: Int, height: Int, rgb: [UInt8]) {
        self.width = width
        self.height = height
        self.rgb = rgb
    }

    /// Made upright by `transform`.
    func applying(_ transform: DisplayTransform) -> RGBPicture {
        guard !transform.isIdentity else { return self }
        let (outWidth, outHeight) = transform.size(width: width, height: height)
        var out = [UInt8](repeating: 0, count: rgb.count)
        for y in 0..<height {
            for x in 0..<width {
                let landing = transform.target(x: x, y: y, width: width, height: height)
                let source = (y * width + x) * 3, target = (landing.y * outWidth + landing.x) * 3
                out[target] = rgb[source]
                out[target + 1] = rgb[source + 1]
                out[target + 2] = rgb[source + 2]
            }
        }
        return RGBPicture(width: outWidth, height: outHeight, rgb: out)
    }
}

/// The poster of a video: the frame at 1 s, or 10 % in for videos shorter than 10 s.
public enum PosterFrame {
    /// Packets the search reads, of any stream, before it settles for the latest frame decoded: a
    /// file whose timestamps never reach the target (or that is one endless stream) costs a few
    /// seconds of one worker, not an upload's worth of decoding. Long enough for a 10 s keyframe
    /// interval at 60 frames per second beside its audio.
    public static let packetBudget = 4096

    public static func time(forDuration duration: Double?) -> Double {
        guard let duration, duration > 0 else { return 0 }
        return duration >= 10 ? 1 : duration * 0.1
    }

    public static func extract(from path: String, packetBudget: Int = packetBudget) throws(AVFailure) -> RGBPicture {
        let input = try MediaInput(path: path)
        guard let stream = input.bestStream(AVMEDIA_TYPE_VIDEO) else {
            throw AVFailure("find a video stream", code: kiln_averror_invalid_data())
        }
        let decoder = try Decoder(for: stream)
        let target = time(forDuration: input.duration)
        if target > 0 { try? input.seek(stream, to: target) }
        let targetTimestamp = Int64(target / av_q2d(stream.pointee.time_base))

        let packet = Packet(), frame = Frame()
        // The latest decoded frame; the first at or after the target ends the search, and a video
        // shorter than the target gives its last frame.
        let latest = Frame()
        var decodedAny = false
        func reachedTarget() throws(AVFailure) -> Bool {
            while try decoder.receive(into: frame) {
                av_frame_unref(latest.pointer)
                try AVFailure.check(av_frame_ref(latest.pointer, frame.pointer), "keep a frame")
                decodedAny = true
                let timestamp = frame.pointer.pointee.best_effort_timestamp
                if timestamp == Int64.min || timestamp >= targetTimestamp { return true }
            }
            return false
        }
        var reached = false, packetsRead = 0
        while !reached, packetsRead < packetBudget, try input.read(into: packet) {
            packetsRead += 1
            guard packet.pointer.pointee.stream_index == stream.pointee.index else { continue }
            try decoder.sendSkippingDamage(packet)
            reached = try reachedTarget()
        }
        if !reached {
            try decoder.sendSkippingDamage(nil)
            _ = try reachedTarget()
        }
        guard decodedAny else { throw AVFailure("decode a frame", code: kiln_averror_invalid_data()) }
        let displayWidth = input.displayWidth(of: stream, storedWidth: Int(latest.pointer.pointee.width))
        let picture = try convert(latest, toWidth: displayWidth)
        return picture.applying(DisplayTransform(of: stream))
    }

    private static func convert(_ frame: Frame, toWidth width: Int) throws(AVFailure) -> RGBPicture {
        let height = Int(frame.pointer.pointee.height)
        let scaler = try RGBScaler(
            from: (Int(frame.pointer.pointee.width), height), AVPixelFormat(frame.pointer.pointee.format), to: (width, height))
        return RGBPicture(width: width, height: height, rgb: try scaler.rgb(of: frame))
    }
}
