/// A size of an image asked for by its URL (`w`, `h`, `resize`, `crop`, as Stream's image URLs take
/// them) or at upload (Stream's `upload_sizes`), with the one rule for the size it comes out at.
public struct ImageSizeRequest: Sendable, Hashable {
    public enum Resize: String, Sendable, CaseIterable {
        /// Fit inside the box, keeping the aspect ratio.
        case clip
        /// Fill the box exactly, keeping the aspect ratio, and cut what spills over at `crop`.
        case crop
        /// Fit inside the box, keeping the aspect ratio, and pad the rest with black: exactly the box.
        case fill
        /// Exactly the box, the aspect ratio ignored.
        case scale
    }

    public enum Anchor: String, Sendable, CaseIterable {
        case center, top, bottom, left, right
    }

    /// The longest side a size on request may have: past it is 400, never unbounded work.
    public static let maxSide = 4096

    public let width: Int?
    public let height: Int?
    public let resize: Resize
    /// Where `crop` cuts; `center` for every other mode.
    public let anchor: Anchor

    public init(width: Int?, height: Int?, resize: Resize = .clip, anchor: Anchor = .center) throws(RuleViolation) {
        for (name, side) in [("w", width), ("h", height)] {
            if let side, !(1...Self.maxSide).contains(side) {
                throw RuleViolation("\(name) must be a whole number of pixels from 1 to \(Self.maxSide)")
            }
        }
        guard width != nil || height != nil else { throw RuleViolation("a size on request needs w, h or both") }
        guard resize == .clip || (width != nil && height != nil) else {
            throw RuleViolation("resize=\(resize.rawValue) needs both w and h")
        }
        self.width = width
        self.height = height
        self.resize = resize
        self.anchor = resize == .crop ? anchor : .center
    }

    /// From the text of `w`, `h`, `resize` and `crop`; nil when neither `w` nor `h` is there.
    public init?(w: String?, h: String?, resize: String?, crop: String?) throws(RuleViolation) {
        guard w != nil || h != nil else { return nil }
        func side(_ text: String?, _ name: String) throws(RuleViolation) -> Int? {
            guard let text else { return nil }
            guard let value = Int(text) else { throw RuleViolation("\(name) must be a whole number of pixels from 1 to \(Self.maxSide)") }
            return value
        }
        let mode = try resize.map { text throws(RuleViolation) -> Resize in
            guard let mode = Resize(rawValue: text) else {
                throw RuleViolation("resize must be one of: " + Resize.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return mode
        } ?? .clip
        let anchor = try crop.map { text throws(RuleViolation) -> Anchor in
            guard let anchor = Anchor(rawValue: text) else {
                throw RuleViolation("crop must be one of: " + Anchor.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return anchor
        } ?? .center
        try self.init(width: try side(w, "w"), height: try side(h, "h"), resize: mode, anchor: anchor)
    }

    /// The name its blob and variant are kept under: one per distinct size, whatever order the URL
    /// gave them in.
    public var variantName: String {
        ["w\(width.map(String.init) ?? "")", "h\(height.map(String.init) ?? "")", resize.rawValue]
            .joined(separator: "-") + (resize == .crop ? "-\(anchor.rawValue)" : "")
    }

    /// Whether a variant's name is a size's on request (`w300-h200-crop-top`), not a fixed size.
    public static func isVariantName(_ name: String) -> Bool { name.hasPrefix("w") && name.contains("-h") }

    /// How an image of `original` (as displayed) is made into this size: the size it is scaled to
    /// (aspect kept, except for `scale`), then the part of it cut out (`crop`) or the canvas it is
    /// centred on (`fill`). Never larger than the original in either side for `clip` and `crop`.
    public func plan(for original: (width: Int, height: Int)) -> ImageSizePlan {
        let (ow, oh) = (Double(original.width), Double(original.height))
        switch resize {
        case .clip, .fill:
            let box = (Double(width ?? Int.max), Double(height ?? Int.max))
            let factor = min(1, box.0 / ow, box.1 / oh)
            let scaled = (Self.side(ow * factor), Self.side(oh * factor))
            guard resize == .fill, let width, let height else { return ImageSizePlan(scaledTo: scaled, output: scaled) }
            return ImageSizePlan(scaledTo: scaled, output: (width, height), canvas: true)
        case .scale:
            return ImageSizePlan(scaledTo: (width!, height!), output: (width!, height!))
        case .crop:
            // The box keeps its shape but shrinks until it fits inside the original.
            let shrink = min(1, ow / Double(width!), oh / Double(height!))
            let box = (Self.side(Double(width!) * shrink), Self.side(Double(height!) * shrink))
            let cover = max(Double(box.0) / ow, Double(box.1) / oh)
            let scaled = (max(box.0, Self.side(ow * cover)), max(box.1, Self.side(oh * cover)))
            let spare = (scaled.0 - box.0, scaled.1 - box.1)
            let left =
                switch anchor {
                case .left: 0
                case .right: spare.0
                case .center, .top, .bottom: spare.0 / 2
                }
            let top =
                switch anchor {
                case .top: 0
                case .bottom: spare.1
                case .center, .left, .right: spare.1 / 2
                }
            return ImageSizePlan(scaledTo: scaled, output: box, cropOrigin: (left, top))
        }
    }

    private static func side(_ value: Double) -> Int { max(1, Int(value.rounded())) }
}

/// The steps of one size: scale to `scaledTo`, then cut `output` at `cropOrigin`, or centre it on an
/// `output`-sized black canvas.
public struct ImageSizePlan: Sendable {
    public let scaledTo: (width: Int, height: Int)
    public let output: (width: Int, height: Int)
    public var cropOrigin: (left: Int, top: Int)?
    public var canvas = false

    public init(scaledTo: (Int, Int), output: (Int, Int), cropOrigin: (Int, Int)? = nil, canvas: Bool = false) {
        self.scaledTo = scaledTo
        self.output = output
        self.cropOrigin = cropOrigin
        self.canvas = canvas
    }
}
