import Testing

@testable import KilnServer

/// The budget of proxied reads: full, a read waits its patience for a slot, in order, and is refused
/// when none came free; a dropped ticket gives its slot back.
struct ProxiedReadBudgetTests {
    @Test func aReadPastTheBudgetGetsTheNextFreeSlotOrNone() async throws {
        let budget = ProxiedReadBudget(capacity: 2, kind: .download, patience: .seconds(60))
        let first = try #require(await budget.admit())
        var second = await budget.admit()
        #expect(second != nil && budget.count == 2)
        // A waiter is handed the slot the moment one is released.
        async let third = budget.admit()
        _ = await eventually { budget.waiting } until: { $0 == 1 }
        first.release()
        let handedOn = await third
        #expect(handedOn != nil && budget.count == 2)
        // Dropping a ticket releases it too; releasing twice frees one slot only.
        second = nil
        handedOn?.release()
        handedOn?.release()
        #expect(budget.count == 0)
    }

    @Test func aReadThatWaitsItsPatienceIsRefused() async throws {
        let budget = ProxiedReadBudget(capacity: 1, kind: .download, patience: .milliseconds(50))
        let held = try #require(await budget.admit())
        #expect(await budget.admit() == nil)
        #expect(budget.count == 1 && budget.waiting == 0)
        held.release()
        #expect(await budget.admit() != nil)
    }
}
