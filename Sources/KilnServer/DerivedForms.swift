import KilnCore
import KilnImaging

/// What Kiln makes of an upload besides storing it: measured attributes and encoded variants.
struct DerivedForms: Sendable {
    var metadata: [String: JSONValue] = [:]
    var variants: [String: StoredVariant] = [:]
    /// Bytes to store, by blob variant name.
    var blobs: [(name: String, bytes: [UInt8])] = []

    static let none = DerivedForms()

    /// The image sizes as stored variants; without `fullImage`, `full` is served from `large`.
    init(image: ProcessedImage) {
        metadata = image.metadata
        for variant in image.variants {
            variants[variant.name] = StoredVariant(
                blob: variant.name, mimeType: variant.mimeType, width: variant.width, height: variant.height,
                size: Int64(variant.bytes.count))
            blobs.append((variant.name, variant.bytes))
        }
        if !image.isFull { variants["full"] = variants["large"] }
    }

    /// Width and height for an image stored as a plain file, when libvips can read its header.
    init(header: ImageHeader?) {
        guard let header else { return }
        metadata = ["width": .number(Double(header.width)), "height": .number(Double(header.height))]
    }

    init() {}
}

/// Derives the forms an upload needs, by endpoint and sniffed kind.
struct MediaDeriver: Sendable {
    let images: ImageProcessor

    func derive(from path: String, sniffed: SniffedType, endpoint: UploadEndpoint, fullImage: Bool) async throws(APIError)
        -> DerivedForms
    {
        do {
            switch endpoint {
            case .images:
                return DerivedForms(image: try await images.process(path: path, mimeType: sniffed.mimeType, fullImage: fullImage))
            case .files where sniffed.category == .image:
                return DerivedForms(header: try await images.header(of: path, mimeType: sniffed.mimeType))
            case .files:
                return .none
            }
        } catch let rejection as ImageRejection {
            throw APIError.unprocessable(rejection.description)
        } catch {
            throw APIError(.internalServerError, "image processing failed: \(error)")
        }
    }
}
