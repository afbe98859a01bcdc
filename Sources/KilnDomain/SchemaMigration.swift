import KilnStorage
import Logging

/// `kiln migrate`: opening the stores applies whatever migrations are missing.
public enum SchemaMigration {
    /// A line saying which database is now up to date.
    public static func apply(_ configuration: KilnConfiguration, logger: Logger) async throws -> String {
        let stores = try await configuration.openStores(logger: logger)
        return "schema of \(stores.engine) is up to date"
    }
}
