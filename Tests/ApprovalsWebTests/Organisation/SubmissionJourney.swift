import Approvals
import ApprovalsStore
@testable import ApprovalsWeb
import Foundation
import Testing

/// Builds a complete submission through the pages, as an awarding organisation would: the steps
/// several suites share.
struct SubmissionJourney {
    let service: OrganisationService
    let client: WebClient
    static let title = "Level 3 Technical Occupational Entry in Digital Support (Certificate)"

    /// Starts a draft in the demo's open cycle and returns its reference.
    func start() throws -> String {
        try client.get("/organisation/submissions/new")
        let created = try client.post("/organisation/submissions/new", [("cycle", try service.currentCycle.id.rawValue), ("category", "occupational_entry"),
                                                                        ("route", "digital"), ("title", Self.title)])
        guard created.status == 303, let location = created.location else { throw WebClient.ClientError(message: "start gave \(created.status)") }
        return String(location.split(separator: "/")[2])
    }

    /// Fills every question section.
    func fillSections(_ reference: String) throws {
        let base = "/organisation/submissions/\(reference)"
        let sections: [(String, [(String, String)])] = [
            ("details", [("title", Self.title), ("level", "3"), ("age_groups", "16_19"), ("age_groups", "adult"), ("guided_learning_hours", "360"),
                         ("total_qualification_time", "480"), ("route", "digital"), ("sector_subject_area", "6.1")]),
            ("standards", [("standards", "ST0973"), ("ksb_mapping", "ST0973,K1,Unit 1,Assignment 1\nST0973,S1,Unit 2,\"Practical task, observed\"")]),
            ("origin", [("proposal", ""), ("specialist_area", ""), ("specialist_sub_area", "")]),
            ("demand", [("employer_demand_evidence", "Twelve employers in the north east asked for it; letters attached.")]),
        ]
        for (section, fields) in sections {
            try client.get(base + "/" + section)
            let saved = try client.post(base + "/" + section, fields)
            guard saved.status == 303 else { throw WebClient.ClientError(message: "\(section) gave \(saved.status): \(saved.body)") }
        }
    }

    /// Uploads PDFs for the kinds given (one file each).
    @discardableResult
    func upload(_ reference: String, _ kinds: [DocumentKind]) throws -> WebClient.Response {
        let base = "/organisation/submissions/\(reference)/documents"
        try client.get(base)
        return try client.upload(base, fields: [], files: kinds.map { ($0.rawValue, "\($0.rawValue).pdf", SampleFiles.pdf("The \($0.title) of \(reference)")) })
    }

    func submit(_ reference: String) throws -> WebClient.Response {
        try client.get("/organisation/submissions/\(reference)/check")
        return try client.post("/organisation/submissions/\(reference)/submit", [])
    }

    /// A complete submission sent, then assigned to the demo reviewer and taken into review, as a
    /// clarification request needs: its reference, the stored record, the reviewer and the instant.
    func sentAndInReview() throws -> (reference: String, submission: Submission, reviewer: Actor, now: Date) {
        let reference = try start()
        try fillSections(reference)
        try upload(reference, DocumentKind.allCases.filter { $0 != .other })
        #expect(try submit(reference).status == 303)
        var submission = try service.records.record(Submission.self, reference: reference)
        let admin = try service.actor("admin@institute.example"), reviewer = try service.actor("reviewer@institute.example")
        let now = service.clock.now()
        submission = try service.records.applySubmission(.assignReviewer(reviewer.id), to: submission.id, expectedVersion: submission.version, by: admin, at: now)
        submission = try service.records.applySubmission(.startReview, to: submission.id, expectedVersion: submission.version, by: reviewer, at: now)
        return (reference, submission, reviewer, now)
    }
}
