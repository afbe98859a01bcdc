import KilnCore
import Testing

struct AdmissionGateTests {
    @Test func admitsUpToItsCapacityAndAgainAfterALeave() {
        let gate = AdmissionGate(capacity: 2)
        #expect(gate.tryEnter() && gate.tryEnter())
        #expect(!gate.tryEnter())
        #expect(gate.count == 2)
        gate.leave()
        #expect(gate.tryEnter())
        #expect(!gate.tryEnter())
    }
}
