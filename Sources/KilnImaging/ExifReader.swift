import Foundation
import KilnCore

/// Readable EXIF and GPS values from the fields libvips parses out of an image's header.
/// libvips renders each entry as `raw (readable, Type, N components, N bytes)`; Kiln reads the raw part.
struct ExifReader {
    let fieldText: (String) -> String?

    /// The raw value of an entry, without libvips's readable rendering and type suffix.
    func raw(_ name: String) -> String? {
        guard let text = fieldText(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let match = text.wholeMatch(of: /(?s)(.*) \((.*), [A-Za-z]+, \d+ components?, \d+ bytes?\)/) {
            return String(match.1).trimmingCharacters(in: .whitespaces)
        }
        return text
    }

    /// The EXIF values the file object publishes; absent tags are left out.
    var exif: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        for (key, field) in [
            ("Make", "exif-ifd0-Make"), ("Model", "exif-ifd0-Model"), ("Software", "exif-ifd0-Software"),
            ("LensModel", "exif-ifd2-LensModel"), ("DateTimeOriginal", "exif-ifd2-DateTimeOriginal"),
        ] {
            if let value = raw(field)?.trimmingCharacters(in: .controlCharacters), !value.isEmpty { values[key] = .string(value) }
        }
        if let exposure = raw("exif-ifd2-ExposureTime"), let seconds = Self.rationals(exposure).first {
            let reciprocal = (1 / seconds).rounded()
            values["ExposureTime"] = .string(
                seconds >= 1 || seconds <= 0 || reciprocal > Self.largestWhole ? Self.trimmed(seconds) : "1/\(Int(reciprocal))")
        }
        if let fNumber = raw("exif-ifd2-FNumber").flatMap({ Self.rationals($0).first }) {
            values["FNumber"] = .number((fNumber * 100).rounded() / 100)
        }
        if let iso = (raw("exif-ifd2-ISOSpeedRatings") ?? raw("exif-ifd2-PhotographicSensitivity"))
            .flatMap({ Double($0.split(separator: " ").first ?? "") }), iso.isFinite
        {
            values["ISOSpeedRatings"] = .number(iso)
        }
        if let focal = raw("exif-ifd2-FocalLength").flatMap({ Self.rationals($0).first }) {
            values["FocalLength"] = .number((focal * 100).rounded() / 100)
        }
        return values
    }

    /// Signed decimal degrees and metres above sea level, when the image carries a position.
    var gps: [String: JSONValue] {
        var values: [String: JSONValue] = [:]
        if let latitude = coordinate("exif-ifd3-GPSLatitude", reference: "exif-ifd3-GPSLatitudeRef", negative: "S") {
            values["latitude"] = .number(latitude)
        }
        if let longitude = coordinate("exif-ifd3-GPSLongitude", reference: "exif-ifd3-GPSLongitudeRef", negative: "W") {
            values["longitude"] = .number(longitude)
        }
        if let altitude = raw("exif-ifd3-GPSAltitude").flatMap({ Self.rationals($0).first }) {
            let reference = raw("exif-ifd3-GPSAltitudeRef")?.lowercased()
            // libexif names 0 "Sea level" and 1 "Sea level reference".
            let belowSeaLevel = reference.map { $0 == "1" || $0.contains("reference") || $0.contains("below") } ?? false
            values["altitude"] = .number(((belowSeaLevel ? -altitude : altitude) * 100).rounded() / 100)
        }
        guard values["latitude"] != nil, values["longitude"] != nil else { return [:] }
        return values
    }

    private func coordinate(_ field: String, reference: String, negative: String) -> Double? {
        guard let parts = raw(field).map(Self.rationals), !parts.isEmpty else { return nil }
        let degrees = parts[0] + (parts.count > 1 ? parts[1] / 60 : 0) + (parts.count > 2 ? parts[2] / 3600 : 0)
        guard degrees.isFinite else { return nil }
        let sign: Double = raw(reference)?.uppercased().hasPrefix(negative) == true ? -1 : 1
        return (sign * degrees * 1_000_000).rounded() / 1_000_000
    }

    /// `51/1 30/1 2600/100` → [51, 30, 26]; plain decimals are accepted too. Values that are not
    /// finite are dropped: JSON has no infinity.
    static func rationals(_ text: String) -> [Double] {
        text.split(separator: " ").compactMap { token -> Double? in
            let parts = token.split(separator: "/")
            if parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator != 0 {
                return numerator / denominator
            }
            return parts.count == 1 ? Double(parts[0]) : nil
        }.filter(\.isFinite)
    }

    /// Whole numbers up to this print without a fraction; beyond it `Int` could not hold them.
    static let largestWhole = 1e15

    private static func trimmed(_ value: Double) -> String {
        value.rounded() == value && abs(value) <= largestWhole ? String(Int(value)) : String(value)
    }
}
