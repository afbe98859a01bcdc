import CMediaShims
import Foundation

/// libvips is started once per process, before the first image is touched: in a sandboxed child,
/// before it confines itself, since starting loads modules and reads files the confinement hides.
public enum VipsRuntime {
    /// One libvips thread per operation: Kiln runs one operation per image worker, one worker per
    /// core, so a pool per operation as large as the machine would run cores² threads.
    private static let started: Result<Void, VipsError> = {
        let result = kiln_vips_start("kiln", 1)
        return result == 0 ? .success(()) : .failure(VipsError.take("vips_init"))
    }()

    public static func ensureStarted() throws(VipsError) {
        try started.get()
    }

    /// For a sandboxed child, whose system call filter refuses executable memory: libvips without
    /// the vector code it compiles at run time (Orc), which needs it. Its plain C paths make sizes
    /// of the same dimensions, each pixel within a few levels of the vector paths'.
    public static func ensureStartedWithoutCodeGeneration() throws(VipsError) {
        try ensureStarted()
        kiln_vips_stop_generating_code()
    }
}
