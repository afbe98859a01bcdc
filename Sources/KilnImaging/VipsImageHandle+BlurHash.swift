import CMediaShims

extension VipsImageHandle {
    /// BlurHash from a ≤ 32 px sRGB thumbnail with the alpha flattened on white; of the first frame
    /// only for an animation.
    func blurHash(firstFrameOnly: Bool = false) throws(VipsError) -> String {
        let tiny = try thumbnail(width: 32, height: 32).flattenedOnWhite().srgb8().copiedToMemory()
        let frameHeight = firstFrameOnly && tiny.pageHeight > 0 ? min(tiny.pageHeight, tiny.height) : tiny.height
        let pixels = try tiny.pixelBytes()
        let bands = tiny.bands
        var rgb: [UInt8] = []
        rgb.reserveCapacity(tiny.width * frameHeight * 3)
        for pixel in 0..<(tiny.width * frameHeight) {
            let offset = pixel * bands
            rgb += bands >= 3 ? pixels[offset..<offset + 3] : [pixels[offset], pixels[offset], pixels[offset]]
        }
        return BlurHash.encode(rgb: rgb, width: tiny.width, height: frameHeight, bytesPerRow: tiny.width * 3)
    }
}
