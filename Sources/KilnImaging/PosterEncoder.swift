import CMediaShims
import CVips

/// Turns a decoded video frame into the poster Kiln stores: a JPEG and its BlurHash.
public struct EncodedPoster: Sendable {
    public let jpeg: [UInt8]
    public let width: Int
    public let height: Int
    public let blurHash: String
}

extension ImageProcessor {
    /// - Parameter rgb: packed 8-bit sRGB, `width × height × 3` bytes.
    public func encodePoster(rgb: [UInt8], width: Int, height: Int) async throws -> EncodedPoster {
        precondition(rgb.count == width * height * 3, "packed RGB of the given size")
        return try await run {
            let image = try rgb.withUnsafeBytes { bytes throws(VipsError) in
                guard let pointer = vips_image_new_from_memory_copy(
                    bytes.baseAddress, bytes.count, Int32(width), Int32(height), 3, VIPS_FORMAT_UCHAR)
                else { throw VipsError.take("vips_image_new_from_memory_copy") }
                return VipsImageHandle(taking: pointer)
            }
            let jpeg = try image.encoded("vips_jpegsave_buffer") { kiln_vips_jpegsave(image.pointer, 82, $0, $1) }
            return EncodedPoster(jpeg: jpeg, width: width, height: height, blurHash: try image.blurHash())
        }
    }
}
