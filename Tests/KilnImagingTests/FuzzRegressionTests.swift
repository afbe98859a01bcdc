import Foundation
import KilnCore
import Testing

@testable import KilnImaging

/// Inputs the fuzzers found (kept in Fuzz/regressions), each once a crash.
struct FuzzRegressionTests {
    static func regression(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("Fuzz/regressions/\(name)")))
    }

    /// `exif`: an EXIF value too large for `Int` trapped when printed as a whole number.
    @Test func hugeAndTinyEXIFValuesAreKeptWithoutTrapping() throws {
        let text = String(decoding: try Self.regression("exif-huge-exposure"), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        for value in [text, "1e-320", "1/0", "1e400", "-1e300", "nan"] {
            let reader = ExifReader { _ in value }
            let exif = reader.exif
            _ = reader.gps
            // Every number is finite, so the file object still encodes as JSON.
            #expect(throws: Never.self) { try JSONEncoder().encode(exif) }
        }
        #expect(ExifReader { $0 == "exif-ifd2-ExposureTime" ? text : nil }.exif["ExposureTime"] == .string(String(Double(text)!)))
        #expect(ExifReader.rationals("1e400 2/1 nan") == [2])
    }

    /// `jpeg`: a JFIF segment whose length runs past the end of the file sliced past the end.
    @Test func aJFIFLengthPastTheEndPutsTheProfileAfterSOI() throws {
        let input = try Self.regression("jpeg-jfif-length-past-end")
        let split = Int(input[0]) << 8 | Int(input[1])
        let profile = Array(input[2..<(2 + split)]), jpeg = Array(input[(2 + split)...])
        let spliced = JPEGMarkers.embeddingICCProfile(profile, in: jpeg)
        #expect(spliced.prefix(4) == [0xFF, 0xD8, 0xFF, 0xE2])
        #expect(spliced.suffix(jpeg.count - 2) == jpeg.dropFirst(2))
    }
}
