import Dispatch
import Testing
@testable import HTTPServer

/// A lone write's wait for a partner ends with the partner offered, or with nothing once the patience
/// has run out, after which no offer is taken.
@Suite struct PartnerWaitTests {
    /// A write that is only compared by identity here, never run.
    func write() -> DirectWrite {
        DirectWrite(descriptor: -1, buffer: StagingBuffer.take(), count: 0, offset: 0, digest: nil)
    }

    /// The wait's outcome with a patience far longer than the `waited` any test allows (10 s): only an
    /// offer or giving up can end it in time.
    func partnerWithLongPatience(_ wait: PartnerWait) -> (partner: DirectWrite?, waited: Duration) {
        var partner: DirectWrite?
        let waited = ContinuousClock().measure { partner = wait.partner(within: .seconds(20)) }
        return (partner, waited)
    }

    func recycle(_ writes: DirectWrite...) {
        for write in writes { StagingBuffer.recycle(write.buffer) }
    }

    @Test("an offer made while the writer waits wakes it with that partner, and a second offer is refused")
    func offerWhileWaiting() {
        let (lone, partner, another) = (write(), write(), write())
        defer { recycle(lone, partner, another) }
        let wait = PartnerWait(for: lone)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) {
            #expect(wait.offer(partner))
        }
        let (offered, waited) = partnerWithLongPatience(wait)
        #expect(offered === partner)
        #expect(waited < .seconds(10))
        #expect(!wait.offer(another))
    }

    @Test("with no offer in time the wait ends empty, and a later offer is refused")
    func noOfferInTime() {
        let (lone, late) = (write(), write())
        defer { recycle(lone, late) }
        let wait = PartnerWait(for: lone)
        #expect(wait.partner(within: .milliseconds(10)) == nil)
        #expect(!wait.offer(late))
    }

    @Test("an offer that lands before the writer looks is taken, even with no patience left")
    func offerBeforeTheWriterLooks() {
        let (lone, partner) = (write(), write())
        defer { recycle(lone, partner) }
        let wait = PartnerWait(for: lone)
        #expect(wait.offer(partner))
        #expect(wait.partner(within: .zero) === partner)
    }

    @Test("giving up ends the wait at once with no partner, and later offers are refused")
    func givingUpEndsTheWait() {
        let (lone, late) = (write(), write())
        defer { recycle(lone, late) }
        let wait = PartnerWait(for: lone)
        #expect(wait.giveUp())
        let (partner, waited) = partnerWithLongPatience(wait)
        #expect(partner == nil)
        #expect(waited < .seconds(10))
        #expect(!wait.offer(late))
        #expect(!wait.giveUp())
    }

    @Test("once a partner is offered, giving up no longer takes it away")
    func offerBeatsGivingUp() {
        let (lone, partner) = (write(), write())
        defer { recycle(lone, partner) }
        let wait = PartnerWait(for: lone)
        #expect(wait.offer(partner))
        #expect(!wait.giveUp())
        #expect(wait.partner(within: .zero) === partner)
    }
}
