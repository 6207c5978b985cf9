import Approvals
import Foundation

extension DemoLoader {
    /// Level 3 spring 2025: submissions in every state, late-submission exceptions in every state,
    /// and a submission on the predefined specialist area. Returns the approved submission.
    func loadLevel3Spring2025() throws -> Submission {
        let cycle = l3s25
        let northbridge = actor("northbridge.editor")
        let digital = DemoLoader.standard("ST0973")
        func content(_ subject: String, _ size: String, at instant: Date) throws -> SubmissionContent {
            entryContent(level: .three, subject: subject, size: size, standard: digital, ssa: "6.1",
                         documents: try allDocuments(about: subject, by: northbridge, at: instant))
        }
        func submit(_ subject: String, _ size: String, day: Int) throws -> Submission {
            let created = DemoLoader.uk(2025, 3, day, 10)
            return try submitted("northbridge", in: cycle, content: try content(subject, size, at: created), createdAt: created,
                                 submittedAt: created.addingTimeInterval(2 * 3600))
        }
        let reviewStarts = DemoLoader.uk(2025, 3, 24, 9)

        let approved = try decided(try recommended(try inReview(try submit("Digital Support", "Diploma", day: 10), reviewer: "reviewer", at: reviewStarts),
                                                   reviewer: "reviewer", outcome: .approved, at: DemoLoader.uk(2025, 3, 26, 9)),
                                   .approved, at: DemoLoader.uk(2025, 4, 15, 14))
        _ = try decided(try recommended(try inReview(try submit("IT Service Desk Support", "Certificate", day: 11), reviewer: "reviewer2", at: reviewStarts),
                                        reviewer: "reviewer2", outcome: .notApproved, at: DemoLoader.uk(2025, 3, 27, 9)),
                        .notApproved, at: DemoLoader.uk(2025, 4, 15, 15))
        _ = try recommended(try inReview(try submit("Cloud Service Support", "Certificate", day: 12), reviewer: "reviewer", at: reviewStarts),
                            reviewer: "reviewer", outcome: .approved, at: DemoLoader.uk(2025, 3, 28, 9))
        let clarifying = try inReview(try submit("End User Device Support", "Certificate", day: 13), reviewer: "reviewer2", at: reviewStarts)
        _ = try step("ask for clarification on \(clarifying.reference)") {
            try store.applySubmission(.requestClarification(question: "Which unit assesses S2 (recording incidents)? The mapping names two."),
                                      to: clarifying.id, expectedVersion: clarifying.version, by: actor("reviewer2"),
                                      at: DemoLoader.uk(2025, 3, 31, 11))
        }
        _ = try inReview(try submit("Network Support", "Certificate", day: 14), reviewer: "reviewer", at: reviewStarts)
        _ = try submit("Digital Accessibility Support", "Certificate", day: 17)
        let withdrawing = try submit("Data Centre Support", "Certificate", day: 18)
        _ = try step("withdraw \(withdrawing.reference)") {
            try store.applySubmission(.withdraw(reason: "The specification needs more work; we will submit in the next cycle."),
                                      to: withdrawing.id, expectedVersion: withdrawing.version, by: northbridge,
                                      at: DemoLoader.uk(2025, 3, 20, 16))
        }
        _ = try step("create draft") {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisations["northbridge"]!.id,
                                       content: try content("Software Support", "Certificate", at: DemoLoader.uk(2025, 3, 19, 9)),
                                       by: northbridge, at: DemoLoader.uk(2025, 3, 19, 9))
        }

        // On the predefined specialist area: no proposal needed.
        let exerciseAt = DemoLoader.uk(2025, 3, 12, 10)
        let exercise = SubmissionContent(
            category: .additionalSpecialist, title: "Level 3 Technical Specialist in Adapting Exercise for Antenatal and Post-natal Clients (Certificate)",
            level: .three, guidedLearningHours: 150, totalQualificationTime: 200, route: .healthScience,
            sectorSubjectArea: SectorSubjectArea("8.1"), standardReferences: ["ST0593"], specialistAreaID: specialistArea?.id,
            specialistSubArea: "Adapting exercise for antenatal and post-natal clients",
            employerDemandEvidence: "Gym chains and NHS trusts report a shortage of trainers qualified for pre- and post-natal clients.",
            documents: try allDocuments(about: "Antenatal and Post-natal Exercise", by: northbridge, at: exerciseAt))
        _ = try submitted("northbridge", in: cycle, content: exercise, createdAt: exerciseAt, submittedAt: exerciseAt.addingTimeInterval(3600))

        try loadExceptions(in: cycle)
        return approved
    }

    /// A granted exception used to submit after the window closed, a refused one, and one waiting.
    func loadExceptions(in cycle: Cycle) throws {
        let closes = DemoLoader.uk(2025, 3, 21, 17)
        let cases: [(String, String, LateSubmissionException.ReasonKind, String, String)] = [
            ("northbridge", "Cyber Security Support", .technicalFailureInstitute, "The upload page returned errors from 16:20 until 17:10.", "granted"),
            ("crescent", "Construction Site Supervision", .exceptionalCircumstances, "Our qualifications lead was bereaved on the closing day.", "refused"),
            ("crescent", "Building Services Engineering", .technicalFailureAwardingOrganisation, "Our document system failed at 16:30.", "requested"),
        ]
        for (index, (organisation, subject, reason, what, outcome)) in cases.enumerated() {
            let editor = actor("\(organisation).editor")
            let standard = organisation == "northbridge" ? DemoLoader.standard("ST0973") : DemoLoader.standard("ST0593")
            let draftAt = DemoLoader.uk(2025, 3, 19, 9).addingTimeInterval(Double(index) * 600)
            let content = entryContent(level: .three, subject: subject, size: "Certificate", standard: standard,
                                       ssa: organisation == "northbridge" ? "6.1" : "4.1",
                                       documents: try allDocuments(about: subject, by: editor, at: draftAt))
            let draft = try step("create late draft \(subject)") {
                try store.createSubmission(cycleID: cycle.id, organisationID: organisations[organisation]!.id, content: content,
                                           by: editor, at: draftAt)
            }
            let lodgedAt = closes.addingTimeInterval(Double(40 + index * 30) * 60)
            let evidence = try document(.other, about: "\(subject) incident log", by: editor, at: lodgedAt)
            let exception = try step("request exception for \(draft.reference)") {
                try store.requestException(cycleID: cycle.id, organisationID: organisations[organisation]!.id,
                                           ExceptionRequest(window: .submission, recordType: .submission, recordID: draft.id.rawValue,
                                                            reasonKind: reason, eventAt: closes.addingTimeInterval(-40 * 60),
                                                            whatHappened: what, evidence: [evidence]),
                                           by: editor, at: lodgedAt)
            }
            let decidedAt = DemoLoader.uk(2025, 3, 24, 10)
            switch outcome {
            case "granted":
                _ = try step("grant \(exception.reference)") {
                    try store.applyException(.grant(newDeadline: DemoLoader.uk(2025, 3, 25, 17), reason: "Our logs confirm the outage."),
                                             to: exception.id, expectedVersion: exception.version, by: actor("admin"), at: decidedAt)
                }
                _ = try step("submit \(draft.reference) under the exception") {
                    try store.applySubmission(.submit, to: draft.id, expectedVersion: draft.version, by: editor,
                                              at: DemoLoader.uk(2025, 3, 25, 11))
                }
            case "refused":
                _ = try step("refuse \(exception.reference)") {
                    try store.applyException(.refuse(reason: "The event came after the window had closed for everyone."),
                                             to: exception.id, expectedVersion: exception.version, by: actor("admin"), at: decidedAt)
                }
            default:
                break
            }
        }
    }

    /// The cycle open now: things a visitor can act on at once, and changes to the approved qualification.
    func loadCurrentCycle(approved: Submission) throws {
        let cycle = current
        let northbridge = actor("northbridge.editor")
        let recently = now.addingTimeInterval(-2 * 86_400)
        let digital = DemoLoader.standard("ST0973")
        _ = try submitted("northbridge", in: cycle,
                          content: entryContent(level: .three, subject: "Digital Support", size: "Certificate", standard: digital, ssa: "6.1",
                                                documents: try allDocuments(about: "Digital Support Certificate", by: northbridge, at: recently)),
                          createdAt: recently, submittedAt: recently.addingTimeInterval(3600))
        _ = try step("create current draft") {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisations["northbridge"]!.id,
                                       content: entryContent(level: .three, subject: "Help Desk Support", size: "Certificate", standard: digital,
                                                             ssa: "6.1", documents: []),
                                       by: northbridge, at: recently.addingTimeInterval(7200))
        }
        // Harbour is not recognised for ICT (SSA 6): submitting this shows the Ofqual scope message.
        let harbour = actor("harbour.editor")
        _ = try step("create out-of-scope draft") {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisations["harbour"]!.id,
                                       content: entryContent(level: .three, subject: "Digital Support", size: "Certificate", standard: digital,
                                                             ssa: "6.1", documents: try allDocuments(about: "Harbour Digital Support", by: harbour, at: recently)),
                                       by: harbour, at: recently.addingTimeInterval(3 * 3600))
        }
        let registration = try step("register intent now") {
            try store.createRegistration(cycleID: cycle.id, organisationID: organisations["northbridge"]!.id,
                                         details: RegistrationDetails(contact: Contact(name: northbridge.displayName, email: "editor@northbridge.example"),
                                                                      qualifications: [IntendedQualification(title: "Level 3 Technical Occupational Entry in Digital Support (Certificate)",
                                                                                                             category: .occupationalEntry, standardReferences: ["ST0973"])]),
                                         by: northbridge, at: recently)
        }
        _ = try step("register now") {
            try store.applyRegistration(.register, to: registration.id, expectedVersion: registration.version, by: northbridge,
                                        at: recently.addingTimeInterval(600))
        }

        // Changes after approval: a minor one recorded, a significant one waiting, one linked to its change submission.
        let decidedAt = approved.decision?.decidedAt ?? DemoLoader.uk(2025, 4, 15, 14)
        let revised = decidedAt.addingTimeInterval(60 * 86_400)
        _ = try step("record minor change") {
            try store.recordChange(to: approved.id, ChangeRequest(standardReference: "ST0973", standardRevisedAt: revised, kind: .minor,
                                                                 description: "ST0973 version 1.2 renamed K2; the specification now uses the new wording."),
                                   by: northbridge, at: revised.addingTimeInterval(14 * 86_400))
        }
        _ = try step("record significant change") {
            try store.recordChange(to: approved.id, ChangeRequest(standardReference: "ST0973", standardRevisedAt: revised, kind: .significant,
                                                                 description: "ST0973 version 1.2 adds S3 (cloud identity); a new unit is needed."),
                                   by: northbridge, at: revised.addingTimeInterval(15 * 86_400))
        }
        let linked = try step("record significant change to link") {
            try store.recordChange(to: approved.id, ChangeRequest(standardReference: "ST0973", standardRevisedAt: revised, kind: .significant,
                                                                 description: "The assessment moves from a portfolio to a synoptic project."),
                                   by: northbridge, at: revised.addingTimeInterval(16 * 86_400))
        }
        let changeSubmission = try step("create change submission") {
            try store.createSubmission(cycleID: cycle.id, organisationID: organisations["northbridge"]!.id,
                                       content: approved.latestVersion?.content ?? approved.draft, changesSubmissionID: approved.id,
                                       by: northbridge, at: recently.addingTimeInterval(4 * 3600))
        }
        _ = try step("link change submission") {
            try store.linkChangeSubmission(changeSubmission.id, to: linked.id, expectedVersion: linked.version, by: northbridge,
                                           at: recently.addingTimeInterval(5 * 3600))
        }
    }
}
