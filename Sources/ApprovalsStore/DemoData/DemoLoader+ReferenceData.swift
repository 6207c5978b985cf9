import Approvals
import Foundation

/// Builds the demo data step by step; each step goes through the store's public API.
struct DemoLoader {
    let store: RecordStore
    let now: Date
    var cycles: [Cycle] = []
    var organisations: [String: Organisation] = [:]
    var users: [String: UserAccount] = [:]
    var specialistArea: SpecialistArea?

    init(store: RecordStore, now: Date) {
        self.store = store
        self.now = now
    }

    /// The person loading the data, for the audit trail of reference data.
    static let loader = Actor(id: UserID("demo-data"), roles: [.admin], displayName: "approvals demo-data")

    func actor(_ key: String) -> Actor { users[key]!.actor }

    /// An instant in UK time (the demo's dates are valid wall-clock times).
    static func uk(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        (try? UKTime.instant(year: year, month: month, day: day, hour: hour, minute: minute)) ?? Date(timeIntervalSince1970: 0)
    }

    mutating func loadReferenceData() throws {
        let setUpAt = DemoLoader.uk(2024, 1, 8, 9)
        for (key, name, number, scope) in [
            ("northbridge", "Northbridge Awards", "RN5137", ["6", "8.1", "7.4"]),
            ("crescent", "Crescent Qualifications", "RN5201", ["5", "4"]),
            ("harbour", "Harbour Skills Board", "RN5388", ["1", "7"]),
        ] {
            let organisation = Organisation(id: OrganisationID(RecordStore.newIdentifier()), name: name,
                                            ofqualRecognitionNumber: number, ssaScope: Set(scope.compactMap(SectorSubjectArea.init)))
            try store.createOrganisation(organisation, by: DemoLoader.loader, at: setUpAt)
            organisations[key] = organisation
        }
        let people: [(String, String, String, String?, Set<Role>)] = [
            ("admin", "admin@institute.example", "Alex Admin", nil, [.admin]),
            ("reviewer", "reviewer@institute.example", "Riya Reviewer", nil, [.reviewer]),
            ("reviewer2", "second.reviewer@institute.example", "Rob Reviewer", nil, [.reviewer]),
            ("approver", "approver@institute.example", "Ama Approver", nil, [.approver]),
            ("northbridge.editor", "editor@northbridge.example", "Nia Editor", "northbridge", [.aoEditor]),
            ("northbridge.admin", "admin@northbridge.example", "Noah Admin", "northbridge", [.aoAdmin]),
            ("crescent.editor", "editor@crescent.example", "Cara Editor", "crescent", [.aoEditor]),
            ("crescent.admin", "admin@crescent.example", "Cal Admin", "crescent", [.aoAdmin]),
            ("harbour.editor", "editor@harbour.example", "Hana Editor", "harbour", [.aoEditor]),
            ("dfe", "api@dfe.example", "Department for Education (API)", nil, [.apiClient]),
            ("ofqual", "api@ofqual.example", "Ofqual (API)", nil, [.apiClient]),
        ]
        for (key, email, name, organisation, roles) in people {
            let user = UserAccount(id: UserID(RecordStore.newIdentifier()), email: email, displayName: name,
                                   organisationID: organisation.map { organisations[$0]!.id }, roles: roles)
            try store.createUser(user, by: DemoLoader.loader, at: setUpAt)
            users[key] = user
        }
        try store.saveStandards(DemoLoader.standards)
        let area = SpecialistArea(
            id: SpecialistAreaID(RecordStore.newIdentifier()), name: "Adapting and developing exercise", route: .healthScience,
            standardReferences: ["ST0593"], subAreas: ["Adapting exercise for antenatal and post-natal clients"],
            duties: [
                .init(code: "D1", text: "Assess a client's readiness for adapted exercise and refer where needed"),
                .init(code: "D2", text: "Review and progress an adapted exercise programme with the client"),
                .init(code: "D3", text: "Plan exercise that is safe during pregnancy and after birth",
                      subArea: "Adapting exercise for antenatal and post-natal clients"),
            ])
        try store.saveSpecialistArea(area, by: actor("admin"), at: setUpAt)
        specialistArea = area

        // The seeds' two cycles as the domain publishes them, and one open now.
        let current = Cycle(
            id: CycleID(RecordStore.newIdentifier()), code: DemoData.currentCycleCode, name: "Level 3 demonstration cycle",
            level: .three, number: 3,
            categories: [.occupationalEntry, .additionalSpecialist, .occupationalProgression, .crossCutting],
            routes: Set(Route.allCases),
            windows: CycleWindows(
                registrationOfIntent: TimeWindow(opens: now.addingTimeInterval(-3 * 86_400), closes: now.addingTimeInterval(14 * 86_400)),
                proposal: TimeWindow(opens: now.addingTimeInterval(-3 * 86_400), closes: now.addingTimeInterval(21 * 86_400)),
                proposalFeedbackDue: now.addingTimeInterval(60 * 86_400),
                submission: TimeWindow(opens: now.addingTimeInterval(-3 * 86_400), closes: now.addingTimeInterval(28 * 86_400))),
            firstTeaching: FirstTeaching(year: UKTime.wallClock(at: now).date.year + 1, month: 8))
        let scopes: [(Cycle, [String], Date)] = [
            (SeedCycles.level2Cycle2, ["ST0229", "ST0095"], DemoLoader.uk(2024, 1, 15, 9)),
            (SeedCycles.level3Spring2025, ["ST0973", "ST0593"], DemoLoader.uk(2025, 1, 15, 9)),
            (current, ["ST0973", "ST0593"], now.addingTimeInterval(-7 * 86_400)),
        ]
        for (seed, standards, addedAt) in scopes {
            var cycle = try store.createCycle(seed, by: actor("admin"), at: min(addedAt, setUpAt))
            for reference in standards {
                cycle = try store.applyCycle(.addStandard(reference: reference), to: cycle.id, expectedVersion: cycle.version,
                                             by: actor("admin"), at: addedAt)
            }
            cycles.append(cycle)
        }
    }

    static let standards: [OccupationalStandard] = [
        OccupationalStandard(reference: "ST0973", title: "Digital support technician", level: 3, route: .digital, version: "1.1",
                             status: .approvedForDelivery, ksbs: [
                                .init(code: "K1", kind: .knowledge, text: "How to keep users' data secure and the organisation's policies for it"),
                                .init(code: "K2", kind: .knowledge, text: "The main cloud and on-premises services a business uses"),
                                .init(code: "S1", kind: .skill, text: "Support users to resolve problems with their devices and applications"),
                                .init(code: "S2", kind: .skill, text: "Record and escalate incidents in a ticketing system"),
                                .init(code: "B1", kind: .behaviour, text: "Works securely and with integrity"),
                             ]),
        OccupationalStandard(reference: "ST0593", title: "Personal trainer", level: 3, route: .healthScience, version: "1.0",
                             status: .approvedForDelivery, ksbs: [
                                .init(code: "K1", kind: .knowledge, text: "Anatomy and physiology relevant to exercise"),
                                .init(code: "K2", kind: .knowledge, text: "Principles of programming safe and effective exercise"),
                                .init(code: "S1", kind: .skill, text: "Screen clients and plan personalised programmes"),
                                .init(code: "B1", kind: .behaviour, text: "Puts the client's safety and wellbeing first"),
                             ]),
        OccupationalStandard(reference: "ST0229", title: "Hospitality team member", level: 2, route: .cateringHospitality,
                             version: "1.2", status: .approvedForDelivery, ksbs: [
                                .init(code: "K1", kind: .knowledge, text: "Food safety and allergen requirements"),
                                .init(code: "S1", kind: .skill, text: "Serve customers and deal with their requests"),
                                .init(code: "B1", kind: .behaviour, text: "Takes pride in the service given"),
                             ]),
        OccupationalStandard(reference: "ST0095", title: "Bricklayer", level: 2, route: .constructionBuiltEnvironment,
                             version: "1.0", status: .approvedForDelivery, ksbs: [
                                .init(code: "K1", kind: .knowledge, text: "Types of brick, block and mortar and their uses"),
                                .init(code: "S1", kind: .skill, text: "Set out and build walls to drawings"),
                                .init(code: "B1", kind: .behaviour, text: "Works safely and keeps the site tidy"),
                             ]),
        OccupationalStandard(reference: "ST0118", title: "Infrastructure technician", level: 3, route: .digital, version: "1.0",
                             status: .retired, ksbs: [
                                .init(code: "K1", kind: .knowledge, text: "Networking and cloud principles"),
                                .init(code: "S1", kind: .skill, text: "Install and configure hardware and software"),
                             ]),
    ]
}
