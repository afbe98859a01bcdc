#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB

/// Tells a full disk (or quota) from other storage failures, whatever the store that raised it:
/// a full disk is the server's condition, worth a 507 and a retry later, not the client's fault.
public enum StorageSpace {
    public static func isExhausted(_ error: any Error) -> Bool {
        switch error {
        case is FreeSpaceFloorReached: return true
        case let failure as POSIXFailure: return isOutOfSpace(code: failure.code)
        case let failure as DatabaseError: return failure.resultCode == .SQLITE_FULL || isOutOfSpace(code: failure.extendedResultCode.rawValue)
        case let failure as NSError where failure.domain == NSPOSIXErrorDomain: return isOutOfSpace(code: Int32(failure.code))
        default: return false
        }
    }

    private static func isOutOfSpace(code: Int32) -> Bool { code == ENOSPC || code == EDQUOT }
}
