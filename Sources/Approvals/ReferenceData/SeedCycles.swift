import Foundation

/// The two cycles the seed documents describe, with their windows entered in UK time exactly as
/// published. The store's demo data and the tests start from these; production cycles are entered
/// by administrators.
public enum SeedCycles {
    /// Level 2, cycle 2: registration of intent 19-23 February 2024, proposals 4-15 March 2024,
    /// feedback by the end of May 2024, submissions 23 September - 4 October 2024. The seeds give
    /// dates without times; we read them as 09:00 on the first day to 17:00 on the last (our choice,
    /// the times the level 3 spring 2025 window uses).
    public static var level2Cycle2: Cycle {
        Cycle(id: CycleID("cycle-l2c2"), code: "L2C2", name: "Level 2 cycle 2", level: .two, number: 2,
              categories: [.occupationalEntry, .additionalSpecialist, .employerProposed],
              routes: Set(Route.allCases).subtracting([.digital]),
              windows: CycleWindows(
                registrationOfIntent: window(2024, 2, 19, 9, 2024, 2, 23, 17),
                proposal: window(2024, 3, 4, 9, 2024, 3, 15, 17),
                proposalFeedbackDue: uk(2024, 5, 31, 17),
                submission: window(2024, 9, 23, 9, 2024, 10, 4, 17)),
              firstTeaching: FirstTeaching(year: 2025, month: 8))
    }

    /// Level 3, spring 2025: submissions from 09:00 on 10 March to 17:00 on 21 March 2025; first
    /// teaching August 2026. No proposal stage.
    public static var level3Spring2025: Cycle {
        Cycle(id: CycleID("cycle-l3s25"), code: "L3S25", name: "Level 3 spring 2025", level: .three, number: 2,
              categories: [.occupationalEntry, .additionalSpecialist, .occupationalProgression],
              routes: Set(Route.allCases),
              windows: CycleWindows(submission: window(2025, 3, 10, 9, 2025, 3, 21, 17)),
              firstTeaching: FirstTeaching(year: 2026, month: 8))
    }

    static func uk(_ y: Int, _ m: Int, _ d: Int, _ h: Int) -> Date {
        // The seed dates are valid wall-clock times outside any clock change, so this cannot fail.
        (try? UKTime.instant(year: y, month: m, day: d, hour: h)) ?? Date(timeIntervalSince1970: 0)
    }

    static func window(_ y1: Int, _ m1: Int, _ d1: Int, _ h1: Int, _ y2: Int, _ m2: Int, _ d2: Int, _ h2: Int) -> TimeWindow? {
        TimeWindow(opens: uk(y1, m1, d1, h1), closes: uk(y2, m2, d2, h2))
    }
}
