import Foundation
import KilnCore
import Testing

struct ByteRangeTests {
    @Test func closedOpenAndSuffixRanges() {
        #expect(RangeRequest(header: "bytes=0-9", size: 100) == .partial(0...9))
        #expect(RangeRequest(header: "bytes=90-", size: 100) == .partial(90...99))
        #expect(RangeRequest(header: "bytes=-10", size: 100) == .partial(90...99))
        #expect(RangeRequest(header: "bytes=-1000", size: 100) == .partial(0...99))
        #expect(RangeRequest(header: "bytes=95-1000", size: 100) == .partial(95...99))
        #expect(RangeRequest(header: "BYTES = 5-5".replacingOccurrences(of: " = ", with: "="), size: 100) == .partial(5...5))
    }

    @Test func rangesPastTheEndAreUnsatisfiable() {
        #expect(RangeRequest(header: "bytes=100-", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=100-200", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=-0", size: 100) == .unsatisfiable)
        #expect(RangeRequest(header: "bytes=99999999999999999999999-", size: 100) == .unsatisfiable)
    }

    @Test func anythingElseIsAnsweredWithTheWholeFile() {
        #expect(RangeRequest(header: nil, size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=0-1,5-6", size: 100) == .whole)
        #expect(RangeRequest(header: "items=0-1", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=9-1", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=a-b", size: 100) == .whole)
        #expect(RangeRequest(header: "bytes=-", size: 100) == .whole)
    }
}
