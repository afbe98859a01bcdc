import CMediaShims
import Foundation

/// libvips is started once per process, before the first image is touched.
enum VipsRuntime {
    private static let started: Result<Void, VipsError> = {
        let concurrency = Int32(ProcessInfo.processInfo.activeProcessorCount)
        let result = kiln_vips_start("kiln", concurrency)
        return result == 0 ? .success(()) : .failure(VipsError.take("vips_init"))
    }()

    static func ensureStarted() throws(VipsError) {
        try started.get()
    }
}
