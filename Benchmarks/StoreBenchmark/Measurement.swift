import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How long a run of operations took on the wall clock and in CPU time of the whole process (the
/// store's writes run on GRDB's writer thread). CPU time hardly moves when neighbours load the
/// machine, so its ratio is the steadier one on a shared host; wall time is what users feel.
struct Measurement {
    let operations: Int
    let wallSeconds: Double
    let cpuSeconds: Double

    var perSecond: Double { Double(operations) / wallSeconds }
    var cpuMicrosecondsEach: Double { cpuSeconds * 1e6 / Double(operations) }

    static func run(_ operations: Int, _ body: () throws -> Void) rethrows -> Measurement {
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        try body()
        return Measurement(operations: operations, wallSeconds: seconds(since: wallStart), cpuSeconds: processCPUSeconds() - cpuStart)
    }

    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
