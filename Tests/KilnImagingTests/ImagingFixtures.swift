import CMediaShims
import Foundation
import Testing

@testable import KilnImaging

enum ImagingFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func path(_ name: String) -> String { folder + "/images/" + name }

    /// Opens encoded bytes as libvips sees them, for checking what Kiln serves.
    static func decode(_ bytes: [UInt8], allPages: Bool = false) throws -> VipsImageHandle {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-variant-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try VipsImageHandle.make("load") { kiln_vips_open(path, allPages ? 1 : 0, $0) }.copiedToMemory()
    }

    /// The 8-bit colour at (x, y) of a decoded image.
    static func colour(_ image: VipsImageHandle, x: Int, y: Int) throws -> [UInt8] {
        let pixels = try image.srgb8().pixelBytes()
        let bands = image.hasAlpha ? 4 : 3
        let offset = (y * image.width + x) * bands
        return Array(pixels[offset..<offset + 3])
    }

    static func isClose(_ colour: [UInt8], to expected: [UInt8], tolerance: Int = 40) -> Bool {
        zip(colour, expected).allSatisfy { abs(Int($0) - Int($1)) <= tolerance }
    }
}
