#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Leftovers told from work in progress by their modification times: anything nobody has written
/// to since `quietSince` belongs to no live upload or transcode on any node sharing the folder.
/// Quiet means untouched by the kernel's clock, the one that wrote the times.
enum QuietFiles {
    /// Removes the quiet entries directly in `folder`; how many went and how many were spared.
    static func remove(in folder: String, quietSince: Date) throws -> (removed: Int, spared: Int) {
        var removed = 0, spared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let path = folder + "/" + name
            guard lastWrite(under: path) < quietSince else {
                spared += 1
                continue
            }
            do {
                try FileManager.default.removeItem(atPath: path)
                removed += 1
            } catch CocoaError.fileNoSuchFile {}
        }
        return (removed, spared)
    }

    /// The latest modification of `path` or, for a folder, of anything directly in it.
    static func lastWrite(under path: String) -> Date {
        func modified(_ path: String) -> Date {
            var info = stat()
            guard stat(path, &info) == 0 else { return .distantPast }
            return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }
        let children = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return children.map { modified(path + "/" + $0) }.reduce(modified(path), max)
    }
}
