import KilnCore

/// One page of a listing. A store is asked for one row more than the page holds, so a page says
/// that another follows only when that one has something in it.
public struct ListPage<Item: Sendable>: Sendable {
    public let items: [Item]
    /// The page's last item when more follow it: the cursor of the next page.
    public let lastBeforeMore: Item?

    init(fetched: [Item], limit: Int) {
        items = Array(fetched.prefix(limit))
        lastBeforeMore = fetched.count > limit ? items.last : nil
    }
}

extension MetadataStore {
    /// At most `query.limit` files, newest first.
    public func filePage(_ query: FileListQuery) async throws -> ListPage<StoredFile> {
        var probe = query
        probe.limit = query.limit + 1
        return ListPage(fetched: try await listFiles(probe), limit: query.limit)
    }

    /// Calls `body` with every file `query` matches, newest first, `query.limit` rows a read.
    public func forEachFile(_ query: FileListQuery, _ body: (StoredFile) async throws -> Void) async throws {
        var query = query
        while true {
            let page = try await filePage(query)
            for file in page.items { try await body(file) }
            guard let last = page.lastBeforeMore else { return }
            query.after = last.id
        }
    }

    /// Every file `query` matches, newest first.
    public func allFiles(_ query: FileListQuery) async throws -> [StoredFile] {
        var files: [StoredFile] = []
        try await forEachFile(query) { files.append($0) }
        return files
    }
}

extension RoomStore {
    /// At most `limit` rooms after `after`, in id order.
    public func roomPage(after: RoomID?, limit: Int) async throws -> ListPage<RoomSummary> {
        ListPage(fetched: try await listRooms(after: after, limit: limit + 1), limit: limit)
    }
}
