import Testing

@testable import KilnCore

/// The download floor, judged from explicit times: what the watch sees at each look.
struct SendingPaceTests {
    let floor = DownloadFloor(bytesPerSecond: 1000, grace: .seconds(10))

    /// Looks every 2.5 s (a quarter grace, as the watch looks) while `sent(t)` bytes have gone; the
    /// time of the first look that finds the client too slow.
    func firstCut(_ floor: DownloadFloor, until end: Double = 120, sent: (Double) -> Int64) -> Double? {
        var pace = SendingPace(floor: floor)
        for look in 1...Int(end / 2.5) {
            let time = Double(look) * 2.5
            if pace.isTooSlow(sent: sent(time), after: .milliseconds(Int64(time * 1000))) { return time }
        }
        return nil
    }

    @Test func aClientThatNeverReadsIsCutAtTheEndOfTheGrace() {
        #expect(firstCut(floor) { _ in 0 } == 10)
        // The first bytes the socket buffers took do not buy it more than the grace.
        #expect(firstCut(floor) { _ in 8000 } == 10)
    }

    @Test func aSteadyClientAboveTheFloorIsNeverCut() {
        #expect(firstCut(floor) { Int64($0 * 1000) } == nil)
        #expect(firstCut(floor) { Int64($0 * 5000) } == nil)
    }

    @Test func aClientBelowTheFloorIsCutOnceAGraceHasShownIt() {
        #expect(firstCut(floor) { Int64($0 * 900) } == 10)
    }

    /// Fast at first, then stalled: cut a grace after it stopped, whatever it took before.
    @Test func aClientThatStopsReadingIsCutAGraceLater() {
        #expect(firstCut(floor) { $0 <= 30 ? Int64($0 * 1_000_000) : 30_000_000 } == 40)
    }

    @Test func aFloorOfZeroCutsNobody() {
        #expect(firstCut(DownloadFloor(bytesPerSecond: 0, grace: .seconds(10))) { _ in 0 } == nil)
    }

    /// A look that comes late (a loaded machine, a clock moved far) judges the longer span against a
    /// grace's worth: it may be lenient, never stricter.
    @Test func aLateLookIsNeverStricter() {
        var pace = SendingPace(floor: floor)
        let early = pace.isTooSlow(sent: 0, after: .seconds(5))
        let late = pace.isTooSlow(sent: 10_000, after: .seconds(60))
        let stalled = pace.isTooSlow(sent: 10_000, after: .seconds(70))
        #expect(!early && !late && stalled)
    }
}
