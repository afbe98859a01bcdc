import CMediaShims
import Foundation

/// libvips is started once per process, before the first image is touched.
enum VipsRuntime {
    /// One libvips thread per operation: Kiln runs one operation per image worker, one worker per
    /// core, so a pool per operation as large as the machine would run cores² threads.
    private static let started: Result<Void, VipsError> = {
        let result = kiln_vips_start("kiln", 1)
        return result == 0 ? .success(()) : .failure(VipsError.take("vips_init"))
    }()

    static func ensureStarted() throws(VipsError) {
        try started.get()
    }
}
