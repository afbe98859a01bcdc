import Foundation
import KilnCore
import Testing

struct RoomRecordingRulesTests {
    @Test func aFailureWinsAndARoomIsRecordedOnlyWhenEveryRecordingIs() {
        #expect(RecordedRoomStatus(recordings: []) == .ended)
        #expect(RecordedRoomStatus(recordings: [.transcoded, .transcoding]) == .ended)
        #expect(RecordedRoomStatus(recordings: [.uploaded]) == .ended)
        #expect(RecordedRoomStatus(recordings: [.transcoded, .transcoded]) == .recorded)
        #expect(RecordedRoomStatus(recordings: [.transcoding, .transcodeFailed, .transcoded]) == .error)
    }

    @Test func theRecordingWindowIsISO8601AndEndsAfterItStarts() throws {
        let (started, ended) = try RoomRecording.validatedWindow(
            startedAt: "2026-11-25T18:00:00Z", endedAt: "2026-11-25T19:00:00.250+01:00")
        #expect(started == Date(timeIntervalSince1970: 1_795_629_600))
        #expect(abs((ended?.timeIntervalSince1970 ?? 0) - 1_795_629_600.25) < 0.001)
        #expect(try RoomRecording.validatedWindow(startedAt: nil, endedAt: nil) == (nil, nil))
        #expect(throws: RuleViolation.self) { try RoomRecording.validatedWindow(startedAt: "2026-11-25", endedAt: nil) }
        #expect(throws: RuleViolation.self) {
            try RoomRecording.validatedWindow(startedAt: "2026-11-25T18:00:01Z", endedAt: "2026-11-25T18:00:00Z")
        }
    }

    @Test func roomIDsAreShortAndURLSafe() {
        #expect(RoomID(rawValue: "65f1c2a9e4b0:live.1_a-b") != nil)
        #expect(RoomID(rawValue: String(repeating: "r", count: 128)) != nil)
        #expect(RoomID(rawValue: String(repeating: "r", count: 129)) == nil)
        #expect(RoomID(rawValue: "") == nil)
        #expect(RoomID(rawValue: "a/b") == nil)
        #expect(RoomID(rawValue: "a b") == nil)
    }

    @Test func theBestRenditionIsTheLargestRungElseTheOriginal() {
        #expect(RenditionLadder.bestRendition(among: ["original", "360p", "720p"]) == "720p")
        #expect(RenditionLadder.bestRendition(among: ["original"]) == "original")
        #expect(RenditionLadder.bestRendition(among: ["poster"]) == nil)
    }
}
