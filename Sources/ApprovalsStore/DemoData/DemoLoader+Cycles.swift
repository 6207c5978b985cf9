import Approvals
import Foundation

extension DemoLoader {
    mutating func loadRecords() throws {
        try loadOversight()
        try loadLevel2Cycle2()
        let approved = try loadLevel3Spring2025()
        try loadCurrentCycle(approved: approved)
    }

    /// Conflicts of interest and Ofqual notes, in each of their states.
    func loadOversight() throws {
        let admin = actor("admin")
        _ = try step("declare conflict") {
            try store.declareConflict(reviewerID: actor("reviewer2").id, organisationID: organisations["crescent"]!.id,
                                      description: "Was an external moderator for Crescent Qualifications until 2023.",
                                      by: admin, at: DemoLoader.uk(2024, 2, 1, 10))
        }
        let ended = try step("declare conflict to end") {
            try store.declareConflict(reviewerID: actor("reviewer").id, organisationID: organisations["harbour"]!.id,
                                      description: "A close relative worked for Harbour Skills Board.", by: admin,
                                      at: DemoLoader.uk(2024, 2, 1, 10, 5))
        }
        _ = try step("end conflict") {
            try store.applyConflict(.end(reason: "The relative left Harbour Skills Board in November 2024."), to: ended.id,
                                    expectedVersion: ended.version, by: admin, at: DemoLoader.uk(2024, 12, 2, 9))
        }
        let addressed = try step("record Ofqual note") {
            try store.recordRegulatoryNote(organisationID: organisations["crescent"]!.id,
                                           summary: "Ofqual asked Crescent Qualifications to review its moderation of centre marking.",
                                           receivedAt: DemoLoader.uk(2024, 11, 1, 9), by: admin, at: DemoLoader.uk(2024, 11, 1, 11))
        }
        _ = try step("address Ofqual note") {
            try store.applyRegulatoryNote(.markAddressed(resolution: "Ofqual confirmed the action plan is complete."), to: addressed.id,
                                          expectedVersion: addressed.version, by: admin, at: DemoLoader.uk(2025, 1, 10, 11))
        }
        _ = try step("record open Ofqual note") {
            try store.recordRegulatoryNote(organisationID: organisations["harbour"]!.id,
                                           summary: "Ofqual has opened an investigation into certificate issuing at Harbour Skills Board.",
                                           receivedAt: DemoLoader.uk(2025, 2, 3, 9), by: admin, at: DemoLoader.uk(2025, 2, 3, 12))
        }
    }

    /// Registrations of intent and proposals in each state, and submissions from a proposal.
    func loadLevel2Cycle2() throws {
        let cycle = l2c2
        func details(_ title: String, _ category: QualificationCategory, _ standards: [String], contact: String) -> RegistrationDetails {
            RegistrationDetails(contact: Contact(name: contact, email: "\(contact.split(separator: " ")[0].lowercased())@ao.example"),
                                qualifications: [IntendedQualification(title: title, category: category, standardReferences: standards,
                                                                       proposalFirst: category == .employerProposed)])
        }
        // Registrations: registered, withdrawn, draft.
        for (organisation, title, outcome) in [
            ("crescent", "Level 2 Technical Occupational Entry in Bricklaying (Certificate)", "registered"),
            ("northbridge", "Level 2 Technical Occupational Entry in Hospitality Service (Certificate)", "withdrawn"),
            ("harbour", "Level 2 Technical Occupational Entry in Front of House Hospitality (Certificate)", "draft"),
        ] {
            let editor = actor("\(organisation).editor")
            let standard = title.contains("Brick") ? "ST0095" : "ST0229"
            var registration = try step("register intent \(title)") {
                try store.createRegistration(cycleID: cycle.id, organisationID: organisations[organisation]!.id,
                                             details: details(title, .occupationalEntry, [standard], contact: editor.displayName),
                                             by: editor, at: DemoLoader.uk(2024, 2, 19, 10))
            }
            if outcome != "draft" {
                registration = try step("register \(registration.reference)") {
                    try store.applyRegistration(.register, to: registration.id, expectedVersion: registration.version, by: editor,
                                                at: DemoLoader.uk(2024, 2, 20, 11))
                }
            }
            if outcome == "withdrawn" {
                _ = try step("withdraw \(registration.reference)") {
                    try store.applyRegistration(.withdraw(reason: "We will submit in a later cycle."), to: registration.id,
                                                expectedVersion: registration.version, by: editor, at: DemoLoader.uk(2024, 2, 22, 15))
                }
            }
        }

        // Proposals: closed, feedback issued, in review, submitted, withdrawn, draft.
        let retrofit = ProposalContent(
            category: .employerProposed, proposedArea: "Retrofit insulation installation",
            intendedTitle: "Level 2 Technical Occupational Entry in Retrofit Insulation Installation (Certificate)", level: .two,
            aimsAndPurpose: "Prepares adults to install external and internal wall insulation in occupied homes.",
            guidedLearningHours: 180, totalQualificationTime: 240, route: .constructionBuiltEnvironment, standardReferences: [],
            proposedDuties: ["Survey a home for insulation", "Install external wall insulation", "Leave the home safe and weathertight"],
            demandRationale: DemandRationale(industryUnderstanding: "Retrofit programmes need 30,000 installers by 2028.",
                                             approach: "Designed with a panel of eight installers and two housing associations.",
                                             statutoryOrProfessionalRecognition: "PAS 2035 requires trained installers."),
            employerProposed: EmployerProposedDetails(occupation: "Retrofit insulation installer", jobRoles: ["Insulation installer", "Retrofit operative"],
                                                      whyNoStandardServes: "No occupational standard covers insulation of occupied homes."))
        var allergen = retrofit
        allergen.category = .additionalSpecialist
        allergen.proposedArea = "Allergen management in hospitality"
        allergen.intendedTitle = "Level 2 Technical Specialist in Allergen Management (Certificate)"
        allergen.route = .cateringHospitality
        allergen.standardReferences = ["ST0229"]
        allergen.employerProposed = nil
        allergen.demandRationale = DemandRationale(industryUnderstanding: "Allergen incidents in restaurants rose in 2023.",
                                                   approach: "Shaped with three restaurant groups.",
                                                   howDutiesBuildOnStandard: "Extends K1 of ST0229 to managing allergens across a menu.",
                                                   statutoryOrProfessionalRecognition: "Natasha's Law (2021) requires allergen labelling.")
        let plans: [(String, ProposalContent, String)] = [
            ("crescent", retrofit, "closed"), ("northbridge", allergen, "feedback_issued"), ("crescent", retrofit, "in_review"),
            ("northbridge", allergen, "submitted"), ("northbridge", allergen, "withdrawn"), ("harbour", allergen, "draft"),
        ]
        var closedProposal: Proposal?
        for (index, (organisation, content, outcome)) in plans.enumerated() {
            let editor = actor("\(organisation).editor")
            let start = DemoLoader.uk(2024, 3, 4, 10).addingTimeInterval(Double(index) * 3600)
            var proposal = try step("create proposal \(index)") {
                try store.createProposal(cycleID: cycle.id, organisationID: organisations[organisation]!.id, content: content, by: editor, at: start)
            }
            func apply(_ event: ProposalEvent, by who: Actor, at instant: Date) throws {
                let current = proposal
                proposal = try step("\(event) \(current.reference)") {
                    try store.applyProposal(event, to: current.id, expectedVersion: current.version, by: who, at: instant)
                }
            }
            if outcome == "draft" { continue }
            try apply(.submit, by: editor, at: DemoLoader.uk(2024, 3, 6, 14))
            if outcome == "withdrawn" { try apply(.withdraw(reason: "Merged into another proposal."), by: editor, at: DemoLoader.uk(2024, 3, 8, 9)); continue }
            if outcome == "submitted" { continue }
            // reviewer2 has declared a conflict with Crescent, so Crescent's go to the first reviewer.
            let reviewer = actor("reviewer")
            try apply(.assignReviewer(reviewer.id), by: actor("admin"), at: DemoLoader.uk(2024, 3, 18, 9))
            try apply(.startReview, by: reviewer, at: DemoLoader.uk(2024, 3, 19, 10))
            if outcome == "in_review" { continue }
            try apply(.issueFeedback(categoryFitAndNeed: "A clear fit for the category and a strong case for need.",
                                     dutiesQualityAndRelevance: "The duties are relevant; make the third one measurable.",
                                     employerDemandApproach: "Widen the employer panel beyond one region."),
                      by: reviewer, at: DemoLoader.uk(2024, 5, 20, 15))
            if outcome == "feedback_issued" { continue }
            try apply(.respond(followUpRequested: true, willProceed: true), by: editor, at: DemoLoader.uk(2024, 6, 3, 10))
            closedProposal = proposal
        }

        // Submissions: the employer-proposed qualification that followed the closed proposal, and one in review.
        let crescent = actor("crescent.editor")
        let submitAt = DemoLoader.uk(2024, 9, 25, 11)
        var followsProposal = SubmissionContent(
            category: .employerProposed, title: retrofit.intendedTitle, level: .two, ageGroups: [.adult],
            guidedLearningHours: 180, totalQualificationTime: 240, route: .constructionBuiltEnvironment,
            sectorSubjectArea: SectorSubjectArea("5.2"), standardReferences: [], proposalID: closedProposal?.id,
            employerDemandEvidence: "The proposal's employer panel and 40 letters from installers.",
            documents: try allDocuments(about: "Retrofit Insulation Installation", by: crescent, at: submitAt))
        followsProposal.specialistAreaID = nil
        _ = try submitted("crescent", in: cycle, content: followsProposal, createdAt: DemoLoader.uk(2024, 9, 23, 10), submittedAt: submitAt)
        let bricklaying = try submitted("crescent", in: cycle,
            content: entryContent(level: .two, subject: "Bricklaying", size: "Certificate", standard: DemoLoader.standard("ST0095"), ssa: "5.2",
                                  documents: try allDocuments(about: "Bricklaying", by: crescent, at: submitAt)),
            createdAt: DemoLoader.uk(2024, 9, 23, 11), submittedAt: submitAt.addingTimeInterval(600))
        _ = try inReview(bricklaying, reviewer: "reviewer", at: DemoLoader.uk(2024, 10, 14, 9))
    }
}
