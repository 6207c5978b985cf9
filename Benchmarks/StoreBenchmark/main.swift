import ApprovalsStore
import Foundation

// Usage: swift run -c release StoreBenchmark [--transitions N] [--pages N] [--rounds N] [--durability full|normal]
// Builds a database of 10,000 submissions and 200,000 audit events in a temporary folder, then
// alternates rounds of each measurement through the store and through raw statements, so that
// both see the same disk, caches and neighbours. Prints rates and the ratios store / raw.

var arguments = CommandLine.arguments.dropFirst()
var settings = ["transitions": 150, "pages": 200, "rounds": 9]
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
let (t, p) = (settings["transitions"]!, settings["pages"]!)
let names = ["transitions, store", "transitions, raw", "transitions, raw writes", "pages, store", "pages, raw + decode",
             "pages, raw rows only", "summaries, store", "summaries, raw"]
var results: [String: [Measurement]] = [:]
for round in 1...settings["rounds"]! {
    results["transitions, store", default: []].append(try transitions.runStore(t))
    results["transitions, raw", default: []].append(try transitions.runRaw(t, sameWork: true))
    results["transitions, raw writes", default: []].append(try transitions.runRaw(t, sameWork: false))
    results["pages, store", default: []].append(try pages.runStore(pages: p))
    results["pages, raw + decode", default: []].append(try pages.runRaw(pages: p, decode: true))
    results["pages, raw rows only", default: []].append(try pages.runRaw(pages: p, decode: false))
    results["summaries, store", default: []].append(try pages.runStoreSummaries(pages: p * 5))
    results["summaries, raw", default: []].append(try pages.runRawSummaries(pages: p * 5))
    print("round \(round) of \(settings["rounds"]!) done")
}

/// The median of the rounds: one slow round (another process on the machine) does not move it.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
let measured = results
func rate(_ name: String) -> Double { median(measured[name]!.map(\.perSecond)) }
func cpu(_ name: String) -> Double { median(measured[name]!.map(\.cpuMicrosecondsEach)) }

print("")
print("                          per second (median)   CPU µs each (median)   per second, each round")
for name in names {
    print("\(name.padding(toLength: 26, withPad: " ", startingAt: 0))\(String(format: "%12.1f", rate(name)))\(String(format: "%23.1f", cpu(name)))   "
          + results[name]!.map { String(format: "%.0f", $0.perSecond) }.joined(separator: ", "))
}
print("")
print("ratio store / raw            wall-clock   CPU time")
for (label, store, raw) in [("transitions (same work)", "transitions, store", "transitions, raw"),
                            ("transitions (writes only)", "transitions, store", "transitions, raw writes"),
                            ("pages (same work)", "pages, store", "pages, raw + decode"),
                            ("pages (rows only)", "pages, store", "pages, raw rows only"),
                            ("summaries (same work)", "summaries, store", "summaries, raw")] {
    print("\(label.padding(toLength: 28, withPad: " ", startingAt: 0))\(String(format: "%10.2f", rate(store) / rate(raw)))\(String(format: "%11.2f", cpu(raw) / cpu(store)))")
}
print("verify: \(try bench.database.verifyAudit())")
