/// Where an image worker runs the pipeline once it has taken an upload: on its own thread, or handed
/// to a sandboxed child it waits for (KilnDecoding's `MediaDecoder.imagePipelineRunner`). Either way
/// the worker pool and its admission gate stay in front of it.
public struct ImagePipelineRunner: Sendable {
    let run: @Sendable (ImagePipeline) throws -> ProcessedImage

    /// `run` is called on an image worker's thread and may block it.
    public init(_ run: @escaping @Sendable (ImagePipeline) throws -> ProcessedImage) {
        self.run = run
    }

    /// On the worker's own thread, in this process.
    public static let inProcess = ImagePipelineRunner { pipeline in try pipeline.run() }
}
