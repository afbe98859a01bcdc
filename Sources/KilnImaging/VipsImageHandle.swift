import CMediaShims
import CVips
import Foundation

/// Owns one `VipsImage` reference; released when the Swift object goes.
final class VipsImageHandle {
    let pointer: UnsafeMutablePointer<CVips._VipsImage>

    init(taking pointer: UnsafeMutablePointer<CVips._VipsImage>) {
        self.pointer = pointer
    }

    deinit { kiln_g_object_unref(pointer) }

    /// Runs a libvips call that produces an image through an out-parameter.
    static func make(_ operation: String, _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CVips._VipsImage>?>) -> Int32)
        throws(VipsError) -> VipsImageHandle
    {
        var out: UnsafeMutablePointer<CVips._VipsImage>?
        try throwIfFail(call(&out), operation)
        guard let out else { throw VipsError.take(operation) }
        return VipsImageHandle(taking: out)
    }

    var width: Int { Int(vips_image_get_width(pointer)) }
    var height: Int { Int(vips_image_get_height(pointer)) }
    var bands: Int { Int(vips_image_get_bands(pointer)) }
    var hasAlpha: Bool { vips_image_hasalpha(pointer) != 0 }
    var pageCount: Int { max(1, Int(vips_image_get_n_pages(pointer))) }
    var pageHeight: Int { Int(vips_image_get_page_height(pointer)) }
    /// EXIF orientation 1–8; 1 when absent.
    var orientation: Int { Int(vips_image_get_orientation(pointer)) }

    var fieldNames: [String] {
        guard let fields = vips_image_get_fields(pointer) else { return [] }
        defer { g_strfreev(fields) }
        var names: [String] = []
        var index = 0
        while let name = fields[index] {
            names.append(String(cString: name))
            index += 1
        }
        return names
    }

    func hasField(_ name: String) -> Bool { vips_image_get_typeof(pointer, name) != 0 }

    /// Any metadata field rendered as text, as `vipsheader -a` shows it.
    func string(_ name: String) -> String? {
        guard hasField(name) else { return nil }
        var text: UnsafeMutablePointer<CChar>?
        guard vips_image_get_as_string(pointer, name, &text) == 0, let text else {
            vips_error_clear()
            return nil
        }
        defer { g_free(text) }
        return String(cString: text)
    }

    func blob(_ name: String) -> [UInt8]? {
        guard hasField(name) else { return nil }
        var data: UnsafeRawPointer?
        var length = 0
        guard vips_image_get_blob(pointer, name, &data, &length) == 0, let data else {
            vips_error_clear()
            return nil
        }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }

    /// Decodes the pixels now, so the result can be read more than once (a thumbnail is sequential).
    func copiedToMemory() throws(VipsError) -> VipsImageHandle {
        guard let copy = vips_image_copy_memory(pointer) else { throw VipsError.take("vips_image_copy_memory") }
        return VipsImageHandle(taking: copy)
    }

    func thumbnail(width: Int, height: Int) throws(VipsError) -> VipsImageHandle {
        try Self.make("vips_thumbnail_image") { kiln_vips_thumbnail_image(pointer, Int32(width), Int32(height), $0) }
    }

    /// The image at `path` made exactly `width` × `height`, upright, decoded once at that size.
    static func exactly(_ path: String, width: Int, height: Int) throws(VipsError) -> VipsImageHandle {
        try make("vips_thumbnail") { kiln_vips_thumbnail_file_exactly(path, Int32(width), Int32(height), $0) }
    }

    func extracted(left: Int, top: Int, width: Int, height: Int) throws(VipsError) -> VipsImageHandle {
        try Self.make("vips_extract_area") { kiln_vips_extract_area(pointer, Int32(left), Int32(top), Int32(width), Int32(height), $0) }
    }

    func centredOnBlack(width: Int, height: Int) throws(VipsError) -> VipsImageHandle {
        try Self.make("vips_gravity") { kiln_vips_centre_on_black(pointer, Int32(width), Int32(height), $0) }
    }

    func flattenedOnWhite() throws(VipsError) -> VipsImageHandle {
        hasAlpha ? try Self.make("vips_flatten") { kiln_vips_flatten_on_white(pointer, $0) } : self
    }

    func srgb8() throws(VipsError) -> VipsImageHandle {
        try Self.make("vips_colourspace") { kiln_vips_to_srgb_uchar(pointer, $0) }
    }

    /// A copy carrying no metadata but what `keep` accepts (the ICC profile and frame layout).
    func strippingMetadata(keeping keep: (String) -> Bool) throws(VipsError) -> VipsImageHandle {
        let copy = try Self.make("vips_copy") { kiln_vips_copy(pointer, $0) }
        for name in copy.fieldNames where !keep(name) { _ = vips_image_remove(copy.pointer, name) }
        return copy
    }

    /// Interleaved 8-bit pixels, row by row.
    func pixelBytes() throws(VipsError) -> [UInt8] {
        var length = 0
        guard let memory = vips_image_write_to_memory(pointer, &length) else {
            throw VipsError.take("vips_image_write_to_memory")
        }
        defer { g_free(memory) }
        return Array(UnsafeRawBufferPointer(start: memory, count: length))
    }

    /// Runs a saver that fills a g_malloc'd buffer.
    func encoded(_ operation: String, _ save: (UnsafeMutablePointer<UnsafeMutableRawPointer?>, UnsafeMutablePointer<Int>) -> Int32)
        throws(VipsError) -> [UInt8]
    {
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        try throwIfFail(save(&buffer, &length), operation)
        guard let buffer else { throw VipsError.take(operation) }
        defer { g_free(buffer) }
        return Array(UnsafeRawBufferPointer(start: buffer, count: length))
    }
}
