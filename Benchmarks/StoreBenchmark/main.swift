import ApprovalsStore
import Foundation

// Usage: swift run -c release StoreBenchmark [--transitions N] [--pages N] [--rounds N] [--durability full|normal]
// Builds a database of 10,000 submissions and 200,000 audit events in a temporary folder, then
// alternates rounds of each measurement through the store and through raw statements, so that
// both see the same disk, caches and neighbours. Prints rates and the ratios store / raw.

var arguments = CommandLine.arguments.dropFirst()
var settings = ["transitions": 300, "pages": 600, "rounds": 4]
var durability = ApprovalsDatabase.Durability.full
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fatalError("\(flag) needs a value") }
    switch flag {
    case "--durability": durability = ApprovalsDatabase.Durability(rawValue: value) ?? .full
    default: settings[String(flag.dropFirst(2))] = Int(value)
    }
}

let buildStart = DispatchTime.now().uptimeNanoseconds
let bench = try BenchmarkDatabase.build(submissions: 10_000, auditEvents: 200_000, durability: durability)
defer { bench.remove() }
print("Built 10,000 submissions and \(try bench.store.auditEvents(after: 199_990, limit: 100).last?.sequence ?? 0) audit events in \(String(format: "%.1f", seconds(since: buildStart))) s (synchronous \(durability.rawValue.uppercased())).")

var transitions = TransitionBenchmark(bench: bench)
let pages = PageBenchmark(bench: bench)
var results: [String: [Double]] = [:]
for round in 1...settings["rounds"]! {
    results["transitions, store", default: []].append(try transitions.runStore(settings["transitions"]!))
    results["transitions, raw", default: []].append(try transitions.runRaw(settings["transitions"]!, sameWork: true))
    results["transitions, raw writes", default: []].append(try transitions.runRaw(settings["transitions"]!, sameWork: false))
    results["pages, store", default: []].append(try pages.runStore(pages: settings["pages"]!))
    results["pages, raw + decode", default: []].append(try pages.runRaw(pages: settings["pages"]!, decode: true))
    results["pages, raw rows only", default: []].append(try pages.runRaw(pages: settings["pages"]!, decode: false))
    results["summaries, store", default: []].append(try pages.runStoreSummaries(pages: settings["pages"]! * 5))
    results["summaries, raw", default: []].append(try pages.runRawSummaries(pages: settings["pages"]! * 5))
    print("round \(round) done")
}

/// The median of the rounds: one slow round (another process on the machine) does not move it.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
for name in ["transitions, store", "transitions, raw", "transitions, raw writes", "pages, store", "pages, raw + decode", "pages, raw rows only", "summaries, store", "summaries, raw"] {
    let values = results[name]!
    print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) median \(String(format: "%9.1f", median(values)))/s   rounds: \(values.map { String(format: "%.0f", $0) }.joined(separator: ", "))")
}
print(String(format: "ratio transitions store/raw (same work): %.2f", median(results["transitions, store"]!) / median(results["transitions, raw"]!)))
print(String(format: "ratio transitions store/raw writes only: %.2f", median(results["transitions, store"]!) / median(results["transitions, raw writes"]!)))
print(String(format: "ratio pages store/raw (same work):       %.2f", median(results["pages, store"]!) / median(results["pages, raw + decode"]!)))
print(String(format: "ratio pages store/raw rows only:         %.2f", median(results["pages, store"]!) / median(results["pages, raw rows only"]!)))
print(String(format: "ratio summaries store/raw (same work):   %.2f", median(results["summaries, store"]!) / median(results["summaries, raw"]!)))
print("verify: \(try bench.database.verifyAudit())")
