/// Cumulative counts of durations under fixed upper bounds, as a Prometheus histogram keeps them.
struct LatencyHistogram: Sendable {
    /// Seconds: from a fast page (5 ms) to a slow upload (10 s).
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private(set) var counts = [Int](repeating: 0, count: LatencyHistogram.bounds.count)
    private(set) var count = 0
    private(set) var sum = 0.0

    mutating func observe(_ seconds: Double) {
        for (index, bound) in Self.bounds.enumerated() where seconds <= bound { counts[index] += 1 }
        count += 1
        sum += seconds
    }

    /// Both histograms' observations together.
    func adding(_ other: LatencyHistogram) -> LatencyHistogram {
        var total = self
        for index in counts.indices { total.counts[index] += other.counts[index] }
        total.count += other.count
        total.sum += other.sum
        return total
    }
}
