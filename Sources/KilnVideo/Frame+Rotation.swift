import CAV

extension Frame {
    /// Copies this yuv420p frame into `target`, turned clockwise by 90, 180 or 270 degrees; `target`
    /// must already have the turned size and its buffers.
    func copyRotated(clockwise degrees: Int, into target: Frame) {
        let width = Int(pointer.pointee.width), height = Int(pointer.pointee.height)
        for plane in 0..<3 {
            let (planeWidth, planeHeight) = plane == 0 ? (width, height) : ((width + 1) / 2, (height + 1) / 2)
            let sourceStride = Int(withUnsafeBytes(of: pointer.pointee.linesize) { $0.load(fromByteOffset: plane * 4, as: Int32.self) })
            let targetStride = Int(withUnsafeBytes(of: target.pointer.pointee.linesize) { $0.load(fromByteOffset: plane * 4, as: Int32.self) })
            guard let source = withUnsafeBytes(of: pointer.pointee.data, { $0.load(fromByteOffset: plane * 8, as: UnsafeMutablePointer<UInt8>?.self) }),
                let destination = withUnsafeBytes(of: target.pointer.pointee.data, { $0.load(fromByteOffset: plane * 8, as: UnsafeMutablePointer<UInt8>?.self) })
            else { continue }
            for y in 0..<planeHeight {
                let row = source + y * sourceStride
                for x in 0..<planeWidth {
                    let (targetX, targetY): (Int, Int)
                    switch degrees {
                    case 90: (targetX, targetY) = (planeHeight - 1 - y, x)
                    case 180: (targetX, targetY) = (planeWidth - 1 - x, planeHeight - 1 - y)
                    default: (targetX, targetY) = (y, planeWidth - 1 - x)
                    }
                    destination[targetY * targetStride + targetX] = row[x]
                }
            }
        }
    }
}
