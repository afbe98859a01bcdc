import CAV
import CMediaShims

/// Owns a swscale context from one frame geometry and format to another, bicubic, scaling in slices
/// on as many threads as the machine has cores, as ffmpeg's scale filter does: a ladder scales every
/// frame for each rung on the one transcoding thread, and the encoders wait for it.
final class FrameScaler {
    private let context: OpaquePointer
    private let source: (width: Int32, height: Int32, format: Int32)

    init(from frame: Frame, to size: (width: Int32, height: Int32), _ format: AVPixelFormat) throws(AVFailure) {
        source = (frame.pointer.pointee.width, frame.pointer.pointee.height, frame.pointer.pointee.format)
        guard let context = sws_alloc_context() else {
            throw AVFailure("allocate a scaler", code: kiln_averror_out_of_memory())
        }
        self.context = context
        let options: [(String, Int64)] = [
            ("srcw", Int64(source.width)), ("srch", Int64(source.height)), ("src_format", Int64(source.format)),
            ("dstw", Int64(size.width)), ("dsth", Int64(size.height)), ("dst_format", Int64(format.rawValue)),
            ("sws_flags", Int64(SWS_BICUBIC)), ("threads", 0),
        ]
        for (name, value) in options {
            try AVFailure.check(av_opt_set_int(UnsafeMutableRawPointer(context), name, value, 0), "set the scaler's \(name)")
        }
        try AVFailure.check(sws_init_context(context, nil, nil), "set up a scaler")
    }

    deinit { sws_freeContext(context) }

    /// Whether `frame` has the geometry and format this scaler was made for.
    func takes(_ frame: Frame) -> Bool {
        (frame.pointer.pointee.width, frame.pointer.pointee.height, frame.pointer.pointee.format) == source
    }

    func scale(_ frame: Frame, into destination: Frame) throws(AVFailure) {
        try AVFailure.check(sws_scale_frame(context, destination.pointer, frame.pointer), "scale a frame")
    }
}
