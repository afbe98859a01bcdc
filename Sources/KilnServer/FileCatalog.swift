import Foundation
import KilnCore
import KilnDomain
import KilnStorage
import Logging

/// Read-only access to the file objects for the `kiln files` commands, rendered as the API renders them.
public struct FileCatalog: Sendable {
    private let stores: Stores
    private let presenter: FilePresenter
    private var store: any MetadataStore { stores.files }

    public init(_ configuration: KilnConfiguration, logger: Logger) async throws {
        stores = try await configuration.openStores(logger: logger)
        presenter = FilePresenter(
            publicURL: configuration.publicURL,
            signer: URLSigner(secret: configuration.jwtSecret, lifetime: configuration.signedURLLifetime, clock: configuration.clock))
    }

    /// Runs `body` with the database connected.
    public func whileConnected<T: Sendable>(_ body: @Sendable (FileCatalog) async throws -> T) async throws -> T {
        try await stores.whileRunning { try await body(self) }
    }

    /// Every matching file object, one JSON document a line, paging through the store.
    public func listJSONLines(status: FileStatus?, type: FileType?, emit: @Sendable (String) -> Void) async throws {
        try await store.forEachFile(FileListQuery(status: status, type: type, limit: 500)) { file in
            emit(try Self.json(presenter.object(for: file, to: .managers)))
        }
    }

    public func showJSON(_ id: FileID) async throws -> String? {
        guard let file = try await store.file(id: id) else { return nil }
        return try Self.json(presenter.object(for: file, to: .managers), pretty: true)
    }

    private static func json(_ object: FileObject, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.withoutEscapingSlashes, .prettyPrinted, .sortedKeys] : [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }
}
