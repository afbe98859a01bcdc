import Foundation

/// BlurHash encoding (https://blurha.sh), in single precision like the reference C encoder, so the
/// same pixels give the same hash.
public enum BlurHash {
    /// - Parameter rgb: interleaved 8-bit sRGB pixels, `bytesPerRow` apart.
    public static func encode(
        rgb: [UInt8], width: Int, height: Int, bytesPerRow: Int, componentsX: Int = 4, componentsY: Int = 3
    ) -> String {
        precondition((1...9).contains(componentsX) && (1...9).contains(componentsY), "1 to 9 components each way")
        precondition(width > 0 && height > 0 && rgb.count >= bytesPerRow * (height - 1) + width * 3)
        let linear = rgb.map(sRGBToLinear)
        var factors: [(Float, Float, Float)] = []
        for y in 0..<componentsY {
            for x in 0..<componentsX {
                factors.append(multiplyBasisFunction(x, y, width, height, linear, bytesPerRow))
            }
        }
        let dc = factors[0]
        let ac = factors.dropFirst()

        var hash = base83((componentsX - 1) + (componentsY - 1) * 9, length: 1)
        let maximumValue: Float
        if ac.isEmpty {
            maximumValue = 1
            hash += base83(0, length: 1)
        } else {
            let actualMaximum = ac.reduce(Float(0)) { max($0, abs($1.0), abs($1.1), abs($1.2)) }
            let quantisedMaximum = Int(max(0, min(82, (actualMaximum * 166 - 0.5).rounded(.down))))
            maximumValue = (Float(quantisedMaximum) + 1) / 166
            hash += base83(quantisedMaximum, length: 1)
        }
        hash += base83(encodeDC(dc), length: 4)
        for component in ac { hash += base83(encodeAC(component, maximumValue), length: 2) }
        return hash
    }

    private static func multiplyBasisFunction(
        _ xComponent: Int, _ yComponent: Int, _ width: Int, _ height: Int, _ linear: [Float], _ bytesPerRow: Int
    ) -> (Float, Float, Float) {
        var r: Float = 0, g: Float = 0, b: Float = 0
        for y in 0..<height {
            let cosY = Float(cos(Double.pi * Double(yComponent) * Double(y) / Double(height)))
            for x in 0..<width {
                let basis = Float(cos(Double.pi * Double(xComponent) * Double(x) / Double(width))) * cosY
                let offset = 3 * x + y * bytesPerRow
                r += basis * linear[offset]
                g += basis * linear[offset + 1]
                b += basis * linear[offset + 2]
            }
        }
        let normalisation: Float = xComponent == 0 && yComponent == 0 ? 1 : 2
        let scale = normalisation / Float(width * height)
        return (r * scale, g * scale, b * scale)
    }

    private static func encodeDC(_ value: (Float, Float, Float)) -> Int {
        (linearToSRGB(value.0) << 16) + (linearToSRGB(value.1) << 8) + linearToSRGB(value.2)
    }

    private static func encodeAC(_ value: (Float, Float, Float), _ maximumValue: Float) -> Int {
        func quantise(_ component: Float) -> Int {
            Int(max(0, min(18, (signedPower(component / maximumValue, 0.5) * 9 + 9.5).rounded(.down))))
        }
        return quantise(value.0) * 19 * 19 + quantise(value.1) * 19 + quantise(value.2)
    }

    private static func sRGBToLinear(_ value: UInt8) -> Float {
        let v = Float(value) / 255
        return v <= 0.04045 ? v / 12.92 : powf((v + 0.055) / 1.055, 2.4)
    }

    private static func linearToSRGB(_ value: Float) -> Int {
        let v = max(0, min(1, value))
        return v <= 0.0031308 ? Int(v * 12.92 * 255 + 0.5) : Int((1.055 * powf(v, 1 / 2.4) - 0.055) * 255 + 0.5)
    }

    private static func signedPower(_ value: Float, _ exponent: Float) -> Float {
        copysignf(powf(abs(value), exponent), value)
    }

    /// Whether `hash` is one `encode` can make: its first character gives the components, and with
    /// them its length, and every character is of the alphabet.
    public static func isWellFormed(_ hash: String) -> Bool {
        let characters = Array(hash)
        guard let sizeFlag = characters.first.flatMap({ alphabet.firstIndex(of: $0) }), sizeFlag < 81 else { return false }
        let components = (sizeFlag % 9 + 1) * (sizeFlag / 9 + 1)
        return characters.count == 4 + 2 * components && characters.allSatisfy(alphabet.contains)
    }

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~")

    private static func base83(_ value: Int, length: Int) -> String {
        var characters: [Character] = []
        var divisor = 1
        for _ in 1..<length { divisor *= 83 }
        for _ in 0..<length {
            characters.append(alphabet[(value / divisor) % 83])
            divisor /= 83
        }
        return String(characters)
    }
}
