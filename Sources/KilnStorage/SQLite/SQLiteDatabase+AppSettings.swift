import GRDB

extension SQLiteDatabase: AppSettingsStore {
    public func appSetting(_ name: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM appSetting WHERE name = ?", arguments: [name])
        }
    }

    public func allAppSettings() async throws -> [String: String] {
        try await writer.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, value FROM appSetting").map { ($0[0], $0[1]) })
        }
    }

    public func setAppSetting(_ name: String, to json: String) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO appSetting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [name, json])
        }
    }
}
