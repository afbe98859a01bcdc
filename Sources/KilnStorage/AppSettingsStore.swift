/// Settings of the whole app that every node applies alike (the app's upload rules), each kept under
/// a name as the JSON its owner wrote: the store knows nothing of what they mean.
public protocol AppSettingsStore: Sendable {
    /// The JSON stored under `name`; nil when it was never set.
    func appSetting(_ name: String) async throws -> String?
    /// Stores `json` under `name`, in place of what was there.
    func setAppSetting(_ name: String, to json: String) async throws
    /// Every setting by name, for `kiln move`.
    func allAppSettings() async throws -> [String: String]
}
