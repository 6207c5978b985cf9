public import Foundation

/// The record a late-submission exception would be asked for, as the lodging rule sees it: which
/// window it is late for, whose it is, and whether it could still be sent if the window reopened
/// for it. Built from the record itself so that a page and the lifecycle judge the same facts.
public struct ExceptionSubject: Hashable, Sendable {
    public let window: WindowKind
    public let recordType: RecordType
    public let recordID: String
    public let reference: RecordReference
    public let organisationID: OrganisationID
    public let cycleID: CycleID
    /// False once nothing more can be sent for the record (decided, withdrawn, or, for a
    /// proposal, already sent: proposals are not amended), so an exception would open nothing.
    public let canStillBeSent: Bool

    public init(_ submission: Submission) {
        self.init(.submission, .submission, submission.id.rawValue, submission.reference, submission.organisationID,
                  submission.cycleID, canStillBeSent: !submission.state.isFinal)
    }

    public init(_ proposal: Proposal) {
        self.init(.proposal, .proposal, proposal.id.rawValue, proposal.reference, proposal.organisationID,
                  proposal.cycleID, canStillBeSent: proposal.state == .draft)
    }

    /// A registration may be registered or amended while its window is open, so anything not
    /// withdrawn can use an exception.
    public init(_ registration: RegistrationOfIntent) {
        self.init(.registrationOfIntent, .registrationOfIntent, registration.id.rawValue, registration.reference,
                  registration.organisationID, registration.cycleID, canStillBeSent: registration.state != .withdrawn)
    }

    init(_ window: WindowKind, _ recordType: RecordType, _ recordID: String, _ reference: RecordReference,
         _ organisationID: OrganisationID, _ cycleID: CycleID, canStillBeSent: Bool) {
        self.window = window
        self.recordType = recordType
        self.recordID = recordID
        self.reference = reference
        self.organisationID = organisationID
        self.cycleID = cycleID
        self.canStillBeSent = canStillBeSent
    }
}

/// When an AO may ask for a late-submission exception for one record: from the instant its window
/// closes until the policy's lodging period after that ("at the time of the event"), for a record
/// that can still be sent, and only if no earlier request for it is waiting or granted. The AO's
/// pages offer the request exactly when `refusal` is nil, and `ExceptionLifecycle.request` refuses
/// with this same answer otherwise, so the two can never disagree.
public enum ExceptionLodging {
    /// Why a request cannot be lodged now, naming the way forward; nil when it can.
    /// `earlier` are the exceptions already lodged for the record (others are ignored).
    public static func refusal(for subject: ExceptionSubject, cycle: Cycle, earlier: [LateSubmissionException],
                               at instant: Date, policy: ApprovalPolicy = .standard) -> RuleViolation? {
        let kind = subject.window
        guard cycle.id == subject.cycleID else {
            return RuleViolation(.wrongRecord, "\(subject.reference) is not in \(cycle.name).")
        }
        guard let window = cycle.window(kind) else {
            return RuleViolation(.noWindow, "\(cycle.name) has no \(kind.title), so there is no deadline to be late for.")
        }
        if window.hasNotOpened(at: instant) {
            return RuleViolation(.exceptionNotNeeded,
                "The \(kind.title) for \(cycle.name) opens at \(UKTime.describe(window.opens)). An exception can be asked for only once it has closed.")
        }
        let lodgingEnds = lodgingEnds(of: window, policy: policy)
        if window.contains(instant) {
            return RuleViolation(.exceptionNotNeeded,
                "The \(kind.title) for \(cycle.name) is open until \(UKTime.describe(window.closes)): send \(subject.reference) now. If something stops you, you can ask for a late-submission exception once it has closed, until \(UKTime.describe(lodgingEnds)).")
        }
        if instant >= lodgingEnds {
            return RuleViolation(.exceptionTooLate,
                "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)), and late-submission exceptions had to be asked for by \(UKTime.describe(lodgingEnds)), at the time of the event.")
        }
        if !subject.canStillBeSent {
            return RuleViolation(.exceptionNotNeeded,
                "\(subject.reference) can no longer be sent or changed, so an exception would open nothing for it.")
        }
        let open = earlier.first {
            $0.window == kind && $0.recordType == subject.recordType && $0.recordID == subject.recordID
                && ($0.state == .requested || $0.state == .granted)
        }
        if let open {
            let what = open.state == .requested ? "is waiting for a decision" : "has been granted"
            return RuleViolation(.exceptionAlreadyAsked,
                "Your late-submission exception request \(open.reference) for \(subject.reference) \(what). Follow it there rather than asking again.")
        }
        return nil
    }

    /// Whether the AO's pages should offer the request now.
    public static func canAsk(for subject: ExceptionSubject, cycle: Cycle, earlier: [LateSubmissionException],
                              at instant: Date, policy: ApprovalPolicy = .standard) -> Bool {
        refusal(for: subject, cycle: cycle, earlier: earlier, at: instant, policy: policy) == nil
    }

    /// The first instant at which it is too late to ask (exclusive, like windows): the window's
    /// close plus the lodging period, counted in elapsed time, so across a GMT/BST change the
    /// clock reading moves by the hour the clocks moved.
    public static func lodgingEnds(of window: TimeWindow, policy: ApprovalPolicy = .standard) -> Date {
        window.closes.addingTimeInterval(policy.exceptionLodgingPeriod)
    }
}
