import Foundation
import Testing

@testable import KilnStorage

/// The signer against AWS's published S3 examples and against botocore's signer, run offline on
/// fixed inputs (`scripts/make-sigv4-vectors` writes `Fixtures/sigv4/*.json`).
struct SigV4Tests {
    struct Vector: Decodable, CustomTestStringConvertible {
        let name: String
        let form: String
        let method: String
        let url: String
        let addressing: String
        let bucket: String?
        let key: String?
        let query: [[String]]
        let headers: [String: String]
        let payloadHash: String
        let timestamp: String
        let region: String
        let service: String
        let accessKey: String
        let secretKey: String
        let sessionToken: String?
        let expires: Int?
        let canonicalRequest: String
        let stringToSign: String
        let signature: String
        let signedHeaders: String
        let authorization: String?
        let finalUrl: String
        let finalHeaders: [String: String]

        var testDescription: String { name }
    }

    struct Vectors: Decodable { let cases: [Vector] }

    static func vectors(_ file: String) -> [Vector] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let data = try? Data(contentsOf: root.appendingPathComponent("Fixtures/sigv4/\(file)")),
            let vectors = try? decoder.decode(Vectors.self, from: data)
        else { return [] }
        return vectors.cases
    }

    static let all = vectors("aws-docs.json") + vectors("botocore.json")

    @Test func theVectorsAreThere() {
        #expect(Self.vectors("aws-docs.json").count == 5)
        #expect(Self.vectors("botocore.json").count >= 12)
    }

    @Test(arguments: all)
    func signaturesMatch(_ vector: Vector) throws {
        let signer = SigV4(
            credentials: SigV4.Credentials(
                accessKey: vector.accessKey, secretKey: vector.secretKey, sessionToken: vector.sessionToken),
            region: vector.region, service: vector.service)
        let date = try #require(Self.date(vector.timestamp))
        let encodedKey = vector.key.map { SigV4.uriEncode($0, keepingSlashes: true) }
        let path =
            vector.addressing == "path"
            ? "/" + vector.bucket! + (encodedKey.map { "/" + $0 } ?? "")
            : "/" + (encodedKey ?? "")
        // The caller chooses which of its headers to sign; the signer adds its own.
        let own: Set<String> = ["host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]
        let signedNames = Set(vector.signedHeaders.split(separator: ";").map(String.init))
        let headers = vector.headers.filter { signedNames.contains($0.key.lowercased()) && !own.contains($0.key.lowercased()) }
            .map { (name: $0.key, value: $0.value) }
        let request = SigV4.Request(
            method: vector.method, host: try #require(vector.finalHeaders["host"]), encodedPath: path,
            query: vector.query.map { (name: $0[0], value: $0.count > 1 ? $0[1] : "") }, headers: headers)

        if vector.form == "query" {
            let (query, signed) = signer.presignedQuery(request, expires: try #require(vector.expires), at: date)
            #expect(signed.canonicalRequest == vector.canonicalRequest)
            #expect(signed.stringToSign == vector.stringToSign)
            #expect(signed.signature == vector.signature)
            // The same items, in whatever order: a store puts them in canonical order itself.
            let (expectedPath, expectedQuery) = try #require(Self.split(vector.finalUrl))
            #expect(expectedPath.hasSuffix(path))
            #expect(Set(query.split(separator: "&")) == Set(expectedQuery.split(separator: "&")))
        } else {
            let (sent, signed) = signer.signHeaders(request, payloadHash: vector.payloadHash, at: date)
            #expect(signed.canonicalRequest == vector.canonicalRequest)
            #expect(signed.stringToSign == vector.stringToSign)
            #expect(signed.signature == vector.signature)
            #expect(sent.first { $0.name == "Authorization" }?.value == vector.authorization)
        }
    }

    @Test func timestampsAreUTCWhateverTheZone() throws {
        #expect(SigV4.timestamp(Date(timeIntervalSince1970: 1_369_353_600)) == "20130524T000000Z")
        #expect(SigV4.timestamp(Date(timeIntervalSince1970: 1_795_608_000.75)) == "20261125T120000Z")
    }

    @Test func keysAreEncodedOnceWithSlashesKept() {
        #expect(SigV4.uriEncode("a b/c+d=e&f~g.h_i-j", keepingSlashes: true) == "a%20b/c%2Bd%3De%26f~g.h_i-j")
        #expect(SigV4.uriEncode("a/b") == "a%2Fb")
        #expect(SigV4.uriEncode("été") == "%C3%A9t%C3%A9")
    }

    static func split(_ url: String) -> (String, String)? {
        guard let mark = url.firstIndex(of: "?") else { return nil }
        return (String(url[..<mark]), String(url[url.index(after: mark)...]))
    }

    static func date(_ stamp: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let digits = stamp.filter(\.isNumber)
        guard digits.count == 14 else { return nil }
        func part(_ from: Int, _ length: Int) -> Int { Int(digits.dropFirst(from).prefix(length))! }
        return calendar.date(
            from: DateComponents(year: part(0, 4), month: part(4, 2), day: part(6, 2), hour: part(8, 2), minute: part(10, 2), second: part(12, 2)))
    }
}
