import PostgresNIO

extension PostgresDatabase: AppSettingsStore {
    public func appSetting(_ name: String) async throws -> String? {
        try await rows("SELECT value FROM app_setting WHERE name = \(name)").first?.decode(String.self)
    }

    public func allAppSettings() async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await rows("SELECT name, value FROM app_setting").map { try $0.decode((String, String).self) })
    }

    public func setAppSetting(_ name: String, to json: String) async throws {
        _ = try await rows(
            "INSERT INTO app_setting (name, value) VALUES (\(name), \(json)) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
    }
}
