public import Approvals
public import GRDB

// The records whose rows need no child tables beyond their body.

extension RegistrationOfIntent: StoredRecord {
    public static var recordName: String { "registration of intent" }
    public static var tableName: String { "registrations_of_intent" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue), ("cycle_id", cycleID.rawValue),
         ("state", state.rawValue), ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }
}

extension LateSubmissionException: StoredRecord {
    public static var recordName: String { "late-submission exception" }
    public static var tableName: String { "late_submission_exceptions" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue), ("cycle_id", cycleID.rawValue),
         ("window_kind", window.rawValue), ("record_type", recordType.rawValue), ("record_id", recordID),
         ("state", state.rawValue), ("new_deadline", newDeadline.map(StoreTime.format)),
         ("created_at", StoreTime.format(requestedAt)), ("updated_at", StoreTime.format(updatedAt))]
    }
}

extension OfqualRegulatoryNote: StoredRecord {
    public static var recordName: String { "Ofqual regulatory note" }
    public static var tableName: String { "ofqual_regulatory_notes" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue), ("state", state.rawValue),
         ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }
}

extension ChangeAfterApproval: StoredRecord {
    public static var recordName: String { "change after approval" }
    public static var tableName: String { "changes_after_approval" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("organisation_id", organisationID.rawValue),
         ("submission_id", approvedSubmissionID.rawValue), ("state", state.rawValue),
         ("created_at", StoreTime.format(createdAt)), ("updated_at", StoreTime.format(updatedAt))]
    }
}

extension ConflictOfInterest: StoredRecord {
    public static var recordName: String { "conflict of interest" }
    public static var tableName: String { "conflicts_of_interest" }
    public var storedID: String { id.rawValue }
    public var storedVersion: Int { version }
    public var storedReference: String { reference.description }
    public var storedColumns: [(String, (any DatabaseValueConvertible)?)] {
        [("reference", reference.description), ("reviewer_id", reviewerID.rawValue),
         ("organisation_id", organisationID.rawValue), ("state", state.rawValue),
         ("created_at", StoreTime.format(declaredAt)), ("updated_at", StoreTime.format(updatedAt))]
    }
}
