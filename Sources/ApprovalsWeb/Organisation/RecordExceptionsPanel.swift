import Approvals
import Foundation

/// The late-submission part of an AO record page (registration, proposal or submission): the
/// record's exception requests as rows, and the window's state for this record, so the three pages
/// word it alike and offer a request exactly when the domain's lodging rule would accept one.
enum RecordExceptionsPanel {
    /// Requests in the order they were made, each with its state tag and, once granted, its deadline.
    static func rows(_ exceptions: [LateSubmissionException]) -> [[String: Any]] {
        exceptions.sorted { $0.requestedAt < $1.requestedAt }.map { exception in
            var item: [String: Any] = ["reference": exception.reference.description, "state": StateTag(exception.state.rawValue).context,
                                       "href": "/organisation/exceptions/\(exception.reference)"]
            if let deadline = exception.newDeadline { item["newDeadline"] = UKTimeText.describe(deadline) }
            return item
        }
    }

    /// Where the record's window stands for it: open through a granted exception (`extended`, worded
    /// by `extension` from the new deadline), or closed (`closed`, and `canAskException` when a
    /// request may be lodged now). A window open for everyone adds nothing: the page says that itself.
    static func windowState(_ subject: ExceptionSubject, cycle: Cycle, exceptions: [LateSubmissionException], at now: Date,
                            into context: inout [String: Any], extension sentence: (String) -> String) {
        switch WindowCheck.check(subject.window, cycle: cycle, organisation: subject.organisationID, recordType: subject.recordType,
                                 recordID: subject.recordID, exceptions: exceptions, at: now, policy: .standard) {
        case .success(let open) where open.exceptionID != nil:
            context["extended"] = sentence(UKTimeText.describe(open.closes))
        case .failure(let closed):
            context["closed"] = closed.message
            context["canAskException"] = ExceptionLodging.canAsk(for: subject, cycle: cycle, earlier: exceptions, at: now)
        default: break
        }
    }
}
