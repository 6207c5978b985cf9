/// What someone wants to do with a resource. Each route declares one; the policy decides.
public enum AccessAction: String, Sendable, Hashable, CaseIterable {
    /// Look at it (a page, a record, an API document).
    case read
    /// Create or change it as its owner: prepare, submit, amend, withdraw (awarding organisations),
    /// or one's own account (password, second factor, sign-out).
    case edit
    /// Work on a review: criteria, feedback, clarification, recommendation.
    case review
    /// Record the final decision on a submission.
    case decide
    /// Invite, change or deactivate users.
    case manageUsers
    /// Run the service: cycles, windows, standards, organisations, assignments, exceptions, notes, tokens.
    case administer
}
