import KilnCore

extension ImageProcessor {
    /// A size on request of a stored image, from its original's bytes at `path`, encoded as its served
    /// sizes are (the same format, no metadata but the colour profile). Runs on the image workers,
    /// behind their queue: `ImageWorkersBusy` at once when it is full.
    public func resize(path: String, mimeType: String, to request: ImageSizeRequest) async throws -> ImageVariant {
        guard admission.tryEnter() else { throw ImageWorkersBusy() }
        defer { admission.leave() }
        let maxPixels = maxPixels
        return try await run { try Self.resized(path, mimeType: mimeType, to: request, maxPixels: maxPixels) }
    }

    /// The steps: read the header, plan the size from the upright original, decode once straight
    /// at the scaled size, cut or pad it, encode.
    static func resized(_ path: String, mimeType: String, to request: ImageSizeRequest, maxPixels: Int64) throws(ImageRejection)
        -> ImageVariant
    {
        do {
            let header = ImageHeader.read(try open(path, mimeType: mimeType))
            guard header.pixelCount <= maxPixels else { throw ImageRejection.tooManyPixels(header, limit: maxPixels) }
            let plan = request.plan(for: (header.width, header.height))
            var image = try VipsImageHandle.exactly(path, width: plan.scaledTo.width, height: plan.scaledTo.height)
            if let origin = plan.cropOrigin {
                image = try image.extracted(left: origin.left, top: origin.top, width: plan.output.width, height: plan.output.height)
            } else if plan.canvas {
                image = try image.centredOnBlack(width: plan.output.width, height: plan.output.height)
            }
            return try image.servedVariant(named: request.variantName, as: OutputFormat.choose(for: header, mimeType: mimeType))
        } catch let rejection as ImageRejection {
            throw rejection
        } catch {
            throw .undecodable(detail: "\(error)")
        }
    }
}
