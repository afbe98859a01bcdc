import CAV
import CMediaShims

/// How a stream's stored pictures become upright, as its display matrix says and as ffmpeg's
/// autorotate applies it: turn clockwise by a quarter turn or more, then mirror left to right.
/// Phones record sideways with a rotation; front cameras and editing apps add a mirror.
struct DisplayTransform: Equatable {
    /// 0, 90, 180 or 270.
    let clockwise: Int
    let mirrored: Bool

    static let identity = DisplayTransform(clockwise: 0, mirrored: false)

    init(clockwise: Int, mirrored: Bool) {
        self.clockwise = clockwise
        self.mirrored = mirrored
    }

    init(of stream: InputStream) {
        var clockwise: Int32 = 0, mirrored: Int32 = 0
        kiln_av_stream_display_transform(stream.pointer, &clockwise, &mirrored)
        self.init(clockwise: Int(clockwise), mirrored: mirrored != 0)
    }

    var isIdentity: Bool { self == .identity }

    /// A quarter turn either way swaps width and height.
    var swapsSides: Bool { clockwise % 180 == 90 }

    /// The upright size of a `width`×`height` stored picture.
    func size(width: Int, height: Int) -> (width: Int, height: Int) {
        swapsSides ? (height, width) : (width, height)
    }

    /// Where the stored pixel at (`x`, `y`) of a `width`×`height` picture lands in the upright one.
    @inline(__always)
    func target(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int) {
        let turned: (x: Int, y: Int)
        switch clockwise {
        case 90: turned = (height - 1 - y, x)
        case 180: turned = (width - 1 - x, height - 1 - y)
        case 270: turned = (y, width - 1 - x)
        default: turned = (x, y)
        }
        guard mirrored else { return turned }
        return (size(width: width, height: height).width - 1 - turned.x, turned.y)
    }
}
