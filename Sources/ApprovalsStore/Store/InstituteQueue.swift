import Approvals
public import Foundation

/// The two staff queues: proposals and submissions that have left their drafts.
public enum InstituteQueueKind: String, Sendable, CaseIterable {
    case proposals, submissions

    /// Every state but `draft`, in the domain's order: drafts never reach the Institute.
    public var submittedStates: [String] {
        switch self {
        case .proposals: Proposal.State.allCases.map(\.rawValue).filter { $0 != "draft" }
        case .submissions: Submission.State.allCases.map(\.rawValue).filter { $0 != "draft" }
        }
    }
}

/// What a staff queue is asked to list, answered by SQL over indexed columns (never by reading every
/// record): empty fields do not filter.
public struct InstituteQueueQuery: Sendable, Equatable {
    /// The order of the rows.
    public enum Order: Sendable, Equatable {
        /// The order the records were created in (the "Reference" order: references are numbered as made).
        case created
        /// Soonest deadline first, records with none last, then by reference.
        case deadline
    }

    public var state = ""
    public var cycleID = ""
    public var route = ""
    public var category = ""
    public var organisationID = ""
    /// Only the records assigned to this person.
    public var assignedReviewerID = ""
    /// Part of the reference or title, in any case.
    public var search = ""
    public var order = Order.created
    /// Organisations whose records the viewer may not see: a reviewer's declared conflicts.
    public var hiddenOrganisations: Set<String> = []

    public init() {}
}

/// One line of a staff queue, read from columns and two small lookups, never from a decoded body.
public struct InstituteQueueEntry: Sendable, Hashable {
    public let reference: String
    /// The intended title (proposals) or the title of the latest version, else of the draft (submissions).
    public let title: String
    public let state: String
    public let cycleID: String
    public let organisationID: String
    public let category: String
    public let route: String
    public let assignedReviewerID: String?
    /// Feedback due (proposals waiting for it) or the open clarification's answer due (submissions).
    public let deadline: Date?
    /// A draft of feedback or a held decision waiting for release.
    public let waitingRelease: Bool
    /// Where the row stands in its order, for the next chunk of an export.
    let cursor: InstituteQueueCursor

    /// Overdue once `now` has reached the deadline.
    public func isOverdue(at now: Date) -> Bool { deadline.map { now >= $0 } ?? false }
}

/// Where the next chunk of a queue's export starts: the last row's sort key, so rows added meanwhile
/// neither repeat nor shift the rows after it (unlike an offset).
public struct InstituteQueueCursor: Sendable, Hashable {
    let position: Int64
    let deadline: String?
    let reference: String
}

/// One page of a queue with what the page shows around it, read in one snapshot.
public struct InstituteQueuePage: Sendable {
    /// The rows matching the query.
    public let total: Int
    /// Rows per state of everything the viewer may see, whatever the filter.
    public let stateCounts: [String: Int]
    /// The distinct organisations of the matching rows (for the reviewers bulk assignment may offer).
    public let organisationIDs: Set<String>
    public let entries: [InstituteQueueEntry]
    /// From 1; a page beyond the end is answered with the last page.
    public let pageNumber: Int
    public let pageCount: Int
}

/// A chunk of a queue's rows for an export, and where the next one starts (nil after the last).
public struct InstituteQueueChunk: Sendable {
    public let entries: [InstituteQueueEntry]
    public let next: InstituteQueueCursor?
}

/// How many records wait for what on the staff home page, counted in SQL.
public struct InstituteHomeCounts: Sendable, Equatable {
    public var proposalsAssignedWaitingFeedback = 0
    public var submissionsAssignedInReview = 0
    public var proposalsWithoutReviewer = 0
    public var submissionsWithoutReviewer = 0
    public var exceptionsRequested = 0
    public var submissionsRecommended = 0
}
