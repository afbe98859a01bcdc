#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The data folder holds the database and the signing secret, so Kiln makes it, and them, readable
/// by its own user only. Modes are set with chmod after creating, because the mode given to mkdir
/// and open is cut by whatever umask the process was started with.
public enum PrivateFiles {
    public static let folderMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Creates `path` (and any missing parents) with the leaf 0700; a folder that is already there
    /// is left as its owner set it.
    public static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        if mkdir(path, folderMode) == 0 {
            try setMode(folderMode, of: path)
        } else if errno != EEXIST {
            throw PrivateFileError("cannot create the folder \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Opens a new file at `path` for writing, mode 0600; fails when something is there already.
    public static func createFile(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw PrivateFileError("cannot create \(path): \(String(cString: strerror(errno)))") }
        guard fchmod(fd, fileMode) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw PrivateFileError("cannot make \(path) private: \(reason)")
        }
        return fd
    }

    /// Creates an empty file at `path`, mode 0600, unless one is there; SQLite then gives its
    /// journal, WAL and shared-memory files the database's own mode.
    public static func touchFile(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 {
            guard errno == EEXIST else { throw PrivateFileError("cannot create \(path): \(String(cString: strerror(errno)))") }
            return
        }
        defer { close(fd) }
        guard fchmod(fd, fileMode) == 0 else { throw PrivateFileError("cannot make \(path) private: \(String(cString: strerror(errno)))") }
    }

    /// A new folder in the system's temporary folder, made by mkdtemp: its name cannot be guessed
    /// ahead, and nothing anyone else made is ever taken for it. Mode 0700.
    public static func makeTemporaryFolder(prefix: String) throws -> String {
        let parent = FileManager.default.temporaryDirectory.path
        var template = Array((parent + "/" + prefix + "XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PrivateFileError("cannot create a temporary folder in \(parent): \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        try setMode(folderMode, of: path)
        return path
    }

    private static func setMode(_ mode: mode_t, of path: String) throws {
        guard chmod(path, mode) == 0 else {
            throw PrivateFileError("cannot make \(path) private: \(String(cString: strerror(errno)))")
        }
    }
}

public struct PrivateFileError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
