import KilnCore

/// The admin page's parts, kept in the binary so a node needs no files beside it.
enum AdminPage {
    /// What the server fills the page with: the choices its filters and upload form offer.
    struct Context {
        struct Choice {
            let value: String
            let label: String
        }

        let statuses = FileStatus.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue) }
        let types = FileType.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue) }
        let endpoints = [
            Choice(value: "/api/v4/files", label: "file (any type)"), Choice(value: "/api/v4/images", label: "image"),
            Choice(value: "/api/v4/videos", label: "video"), Choice(value: "/api/v4/clips", label: "clip"),
        ]
        let accessTypes = AccessType.allCases.map { Choice(value: $0.rawValue, label: $0.rawValue) }
    }
}
