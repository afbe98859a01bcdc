import Foundation
import KilnCore
import Testing

struct FileRulesTests {
    @Test func altTextCountsCharactersNotBytes() throws {
        let emoji = String(repeating: "👩‍👩‍👧", count: 180)
        #expect(try FileRules.validatedAltText(emoji) == emoji)
        #expect(throws: RuleViolation.self) { try FileRules.validatedAltText(emoji + "x") }
    }

    @Test func preferredFilenameIsLimitedAndCleaned() throws {
        #expect(try FileRules.validatedPreferredFilename("../../etc/passwd") == "passwd")
        #expect(throws: RuleViolation.self) { try FileRules.validatedPreferredFilename(String(repeating: "a", count: 1025)) }
        #expect(throws: RuleViolation.self) { try FileRules.validatedPreferredFilename("dir/") }
    }

    @Test func metadataMustBeASmallObject() throws {
        #expect(try FileRules.validatedMetadata(.object(["a": 1])) == ["a": 1])
        #expect(throws: RuleViolation.self) { try FileRules.validatedMetadata(.array([1])) }
        #expect(throws: RuleViolation.self) {
            try FileRules.validatedMetadata(.object(["big": .string(String(repeating: "x", count: 5 * 1024))]))
        }
    }

    @Test func fileNamesLoseDirectoriesAndControlCharacters() {
        #expect(FileName.sanitized("C:\\Users\\me\\photo.jpg") == "photo.jpg")
        #expect(FileName.sanitized("/tmp/a\u{0007}b\r\n.txt") == "ab.txt")
        #expect(FileName.sanitized("evil\u{202E}gpj.exe") == "evilgpj.exe")
        #expect(FileName.sanitized("..") == "")
        #expect(FileName.sanitized("  spaced name.png  ") == "spaced name.png")
        #expect(FileName.sanitized("résumé 履歴書.pdf") == "résumé 履歴書.pdf")
    }

    @Test func fileIDsAreThirtyTwoLowercaseHexCharacters() {
        let id = FileID.random()
        #expect(id.rawValue.count == 32)
        #expect(FileID(rawValue: id.rawValue) == id)
        #expect(FileID(rawValue: id.rawValue.uppercased()) == nil || id.rawValue == id.rawValue.uppercased())
        #expect(FileID(rawValue: "../" + String(id.rawValue.dropFirst(3))) == nil)
        #expect(FileID.random() != FileID.random())
    }

    @Test func httpDatesRoundTrip() {
        let date = Date(timeIntervalSince1970: 784_111_777)
        #expect(HTTPDate.format(date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 1_795_455_682)) == "Mon, 23 Nov 2026 17:41:22 GMT")
        #expect(HTTPDate.parse("yesterday") == nil)
    }

    @Test func documentsAndUnknownTypesAreAttachments() {
        for type in ["text/html", "image/svg+xml", "application/xml", "text/javascript", "application/octet-stream", "application/zip"] {
            #expect(DownloadPolicy.mustDownloadAsAttachment(mimeType: type), "\(type)")
        }
        for type in ["image/png", "video/mp4", "audio/mpeg", "text/plain", "application/pdf"] {
            #expect(!DownloadPolicy.mustDownloadAsAttachment(mimeType: type), "\(type)")
        }
        #expect(DownloadPolicy.contentDisposition(mimeType: "text/plain", fileName: "naïve \"x\".txt")
            == "inline; filename=\"na_ve _x_.txt\"; filename*=UTF-8''na%C3%AFve%20%22x%22.txt")
    }
}
