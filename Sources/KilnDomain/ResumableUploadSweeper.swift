import ServiceLifecycle

/// Drops expired tus uploads while the node runs, a quarter of the expiry apart (at most 15
/// minutes), so an abandoned upload's bytes go soon after it expires on a node that never restarts.
public struct ResumableUploadSweeper: Service {
    let uploads: ResumableUploads

    public init(uploads: ResumableUploads) { self.uploads = uploads }

    var interval: Duration { max(.seconds(1), min(uploads.settings.expiry / 4, .seconds(15 * 60))) }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            await uploads.sweepExpired()
        }
    }
}
