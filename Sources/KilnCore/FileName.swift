/// Client-supplied file names, made safe to store and to echo in headers.
public enum FileName {
    public static let maxStoredCharacters = 255
    public static let fallback = "file"

    /// Keeps only the last path component and drops control and format characters, so a name can never
    /// climb directories, split a header line or reorder text on screen.
    public static func sanitized(_ raw: String) -> String {
        let lastComponent = raw.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }.last ?? ""
        let visible = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter(isKept)))
        let trimmed = visible.trimmingWhitespace()
        guard trimmed != ".", trimmed != ".." else { return "" }
        return String(trimmed.prefix(maxStoredCharacters))
    }

    private static func isKept(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: false
        default: true
        }
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
