import CAV
import CMediaShims

extension Frame {
    /// Copies this yuv420p frame into `target` made upright by `transform`; `target` must already
    /// have the upright size and its buffers.
    func copy(_ transform: DisplayTransform, into target: Frame) {
        let width = Int(pointer.pointee.width), height = Int(pointer.pointee.height)
        for plane in 0..<Int32(3) {
            let (planeWidth, planeHeight) = plane == 0 ? (width, height) : ((width + 1) / 2, (height + 1) / 2)
            let sourceStride = Int(kiln_av_frame_linesize(pointer, plane))
            let targetStride = Int(kiln_av_frame_linesize(target.pointer, plane))
            guard let source = kiln_av_frame_plane(pointer, plane), let destination = kiln_av_frame_plane(target.pointer, plane)
            else { continue }
            for y in 0..<planeHeight {
                let row = source + y * sourceStride
                for x in 0..<planeWidth {
                    let landing = transform.target(x: x, y: y, width: planeWidth, height: planeHeight)
                    destination[landing.y * targetStride + landing.x] = row[x]
                }
            }
        }
    }
}
