import Foundation
import Testing

@testable import KilnImaging

struct BlurHashTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let componentsX: Int
        let componentsY: Int
        let rgb: String
        let hash: String
        var testDescription: String { name }
    }

    /// Pixel arrays and the hashes the reference encoder gave for them (scripts/make-blurhash-vectors).
    static let vectors: [Vector] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: ImagingFixtures.folder + "/blurhash-vectors.json"))
        return try! JSONDecoder().decode([Vector].self, from: data)
    }()

    @Test(arguments: vectors)
    func matchesTheReferenceEncoder(_ vector: Vector) throws {
        let rgb = try #require(Data(base64Encoded: vector.rgb))
        let hash = BlurHash.encode(
            rgb: Array(rgb), width: vector.width, height: vector.height, bytesPerRow: vector.width * 3,
            componentsX: vector.componentsX, componentsY: vector.componentsY)
        #expect(hash == vector.hash)
    }
}
