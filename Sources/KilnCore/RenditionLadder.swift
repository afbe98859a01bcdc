/// One output size of a video, named as the API names it (`720p` …, `original`).
public struct Rung: Sendable, Equatable, Codable {
    public let name: String
    public let width: Int
    public let height: Int
    /// The cap on the rate of the capped-CRF encode, bits per second.
    public let maxBitRate: Int

    public init(name: String, width: Int, height: Int, maxBitRate: Int) {
        self.name = name
        self.width = width
        self.height = height
        self.maxBitRate = maxBitRate
    }
}

/// Which renditions a video gets: every rung whose short side is at or below the source's, plus
/// `original` at the source's size; all with even dimensions and the source's aspect ratio.
public enum RenditionLadder {
    public static let shortSides: [(name: String, shortSide: Int, maxBitRate: Int)] = [
        ("1080p", 1080, 6_000_000), ("720p", 720, 3_500_000), ("480p", 480, 1_500_000), ("360p", 360, 800_000),
    ]

    /// Every rendition name a video may have, largest first.
    public static let names = shortSides.map(\.name) + ["original"]

    /// - Parameters: width and height as displayed (rotation applied).
    public static func rungs(width: Int, height: Int) -> [Rung] {
        guard width > 0, height > 0 else { return [] }
        let sourceShort = min(width, height), sourceLong = max(width, height)
        let landscape = width >= height
        var rungs: [Rung] = shortSides.filter { $0.shortSide <= sourceShort }.map { rung in
            let long = even(Double(rung.shortSide) * Double(sourceLong) / Double(sourceShort))
            return Rung(
                name: rung.name, width: landscape ? long : rung.shortSide, height: landscape ? rung.shortSide : long,
                maxBitRate: rung.maxBitRate)
        }
        // `original` keeps the source's size (made even) with a cap that grows with its pixels.
        let pixels = Double(even(Double(width)) * even(Double(height)))
        rungs.append(Rung(
            name: "original", width: even(Double(width)), height: even(Double(height)),
            maxBitRate: max(800_000, Int(pixels / (1920 * 1080) * 8_000_000))))
        return rungs
    }

    /// What to make for a source of this displayed size. When its streams can be copied, `original`
    /// is a remux; otherwise, when `original` has the size of a rung, that rung's file serves both.
    /// A source below the lowest rung always has its `original` encoded: a remux keeps the source's
    /// keyframes and so is no HLS variant, and such a video would have no HLS at all.
    public static func plan(width: Int, height: Int, remuxesOriginal: Bool) -> RenditionPlan {
        let all = rungs(width: width, height: height)
        guard let original = all.last else { return RenditionPlan(encoded: [], remuxesOriginal: false, aliases: [:]) }
        let ladder = Array(all.dropLast())
        if remuxesOriginal, !ladder.isEmpty { return RenditionPlan(encoded: ladder, remuxesOriginal: true, aliases: [:]) }
        if let twin = ladder.first(where: { $0.width == original.width && $0.height == original.height }) {
            return RenditionPlan(encoded: ladder, remuxesOriginal: false, aliases: [original.name: twin.name])
        }
        return RenditionPlan(encoded: all, remuxesOriginal: false, aliases: [:])
    }

    private static func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
}

/// The renditions one transcode makes, and how.
public struct RenditionPlan: Sendable, Equatable {
    /// Rungs encoded from the decoded frames.
    public var encoded: [Rung]
    /// `original` is the source's streams copied into an MP4.
    public var remuxesOriginal: Bool
    /// Names served by another rendition's file (`original` → `1080p` when they have one size).
    public var aliases: [String: String]

    public init(encoded: [Rung], remuxesOriginal: Bool, aliases: [String: String]) {
        self.encoded = encoded
        self.remuxesOriginal = remuxesOriginal
        self.aliases = aliases
    }
}

extension RenditionLadder {
    /// The rendition a player gets unless it asks: the largest ladder rung, else the original.
    public static func bestRendition(among available: some Collection<String>) -> String? {
        names.first(where: available.contains)
    }
}
