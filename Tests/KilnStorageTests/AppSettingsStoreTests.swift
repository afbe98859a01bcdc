import Foundation
import KilnStorage
import Testing

/// The `AppSettingsStore` contract, on every engine: one value per name, the last written, seen by
/// every node.
struct AppSettingsStoreTests {
    @Test(arguments: StoreEngine.available)
    func aSettingIsTheLastWrittenAndEveryNodeSeesIt(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            #expect(try await first.settings.appSetting("upload-rules") == nil)
            try await first.settings.setAppSetting("upload-rules", to: #"{"files":{"sizeLimit":1}}"#)
            try await first.settings.setAppSetting("other", to: "[]")
            #expect(try await second.settings.appSetting("upload-rules") == #"{"files":{"sizeLimit":1}}"#)
            try await second.settings.setAppSetting("upload-rules", to: #"{"files":{"sizeLimit":2}, "note": "ünïcode ✓"}"#)
            #expect(try await first.settings.appSetting("upload-rules") == #"{"files":{"sizeLimit":2}, "note": "ünïcode ✓"}"#)
            #expect(try await first.settings.appSetting("other") == "[]")
        }
    }

    /// Two nodes writing at once: each write is whole, and the value is one of them.
    @Test(arguments: StoreEngine.available)
    func writesAtOnceLeaveOneWholeValue(_ engine: StoreEngine) async throws {
        try await engine.withNodes { first, second in
            let values = (0..<20).map { #"{"writer":\#($0)}"# }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, value) in values.enumerated() {
                    let node = index.isMultiple(of: 2) ? first : second
                    group.addTask { try await node.settings.setAppSetting("upload-rules", to: value) }
                }
                try await group.waitForAll()
            }
            let stored = try #require(try await first.settings.appSetting("upload-rules"))
            #expect(values.contains(stored))
            #expect(try await second.settings.appSetting("upload-rules") == stored)
        }
    }
}
