public import Foundation

/// Whether a window is open for one AO's record at an instant, counting a granted late-submission
/// exception for exactly that record. Windows are half-open: open at their first instant, shut at
/// their closing instant.
public enum WindowCheck {
    /// The result when the window (or an exception) is open.
    public struct Open: Sendable, Equatable {
        /// The exception the record gets in under, if the window itself has closed.
        public let exceptionID: ExceptionID?
        /// The instant the AO's time ends (the window's close, or the exception's new deadline).
        public let closes: Date
    }

    public static func check(
        _ kind: WindowKind, cycle: Cycle, organisation: OrganisationID, recordType: RecordType, recordID: String,
        exceptions: [LateSubmissionException], at instant: Date, policy: ApprovalPolicy
    ) -> Result<Open, RuleViolation> {
        guard let window = cycle.window(kind) else {
            return .failure(RuleViolation(.noWindow,
                "\(cycle.name) has no \(kind.title). Nothing can be sent in it until an administrator sets one."))
        }
        if window.hasNotOpened(at: instant) {
            return .failure(RuleViolation(.windowNotOpen,
                "The \(kind.title) for \(cycle.name) opens at \(UKTime.describe(window.opens)). You can send it from then."))
        }
        if window.contains(instant) {
            return .success(Open(exceptionID: nil, closes: window.closes))
        }
        // Only a granted exception for this AO's very record counts; with several, the latest deadline.
        let granted: [(exception: LateSubmissionException, deadline: Date)] = exceptions.compactMap { exception in
            guard exception.cycleID == cycle.id,
                exception.extends(kind, for: organisation, recordType: recordType, recordID: recordID),
                let deadline = exception.newDeadline
            else { return nil }
            return (exception, deadline)
        }
        if let (best, deadline) = granted.max(by: { $0.deadline < $1.deadline }) {
            if instant < deadline {
                return .success(Open(exceptionID: best.id, closes: deadline))
            }
            return .failure(RuleViolation(.windowClosed,
                "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)), and your late-submission exception \(best.reference) allowed you until \(UKTime.describe(deadline)). That deadline has passed, so it can no longer be sent in this cycle."))
        }
        // A request for this record that is pending or refused is the most useful thing to mention.
        let own = exceptions.filter {
            $0.cycleID == cycle.id && $0.window == kind && $0.organisationID == organisation
                && $0.recordType == recordType && $0.recordID == recordID
        }
        if let pending = own.first(where: { $0.state == .requested }) {
            return .failure(RuleViolation(.windowClosed,
                "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)). Your late-submission exception request \(pending.reference) is waiting for a decision; you can send it once it is granted."))
        }
        if let refused = own.last(where: { $0.state == .refused }) {
            return .failure(RuleViolation(.windowClosed,
                "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)), and your late-submission exception request \(refused.reference) was refused: \(refused.decisionReason ?? "no reason was given")."))
        }
        let lodgingEnds = window.closes.addingTimeInterval(policy.exceptionLodgingPeriod)
        if instant < lodgingEnds {
            return .failure(RuleViolation(.windowClosed,
                "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)). You can ask for a late-submission exception until \(UKTime.describe(lodgingEnds))."))
        }
        return .failure(RuleViolation(.windowClosed,
            "The \(kind.title) for \(cycle.name) closed at \(UKTime.describe(window.closes)). The time to ask for a late-submission exception ended at \(UKTime.describe(lodgingEnds)), so it can no longer be sent in this cycle."))
    }
}
