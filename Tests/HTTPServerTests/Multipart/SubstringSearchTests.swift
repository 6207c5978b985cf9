import Foundation
import Testing
@testable import HTTPServer

/// The delimiter search gives the same answers with AVX2 as memmem does, and both the answers of a
/// search written plainly, wherever the needle sits against the 64-byte steps and the haystack's end.
@Suite struct SubstringSearchTests {
    /// The first occurrence, found the slow and obvious way.
    private static func plainSearch(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }

    private static func search(_ needle: [UInt8], _ haystack: [UInt8], vectorised: Bool) -> Int? {
        needle.withUnsafeBytes { pattern in
            haystack.withUnsafeBytes { SubstringSearch.firstOffset(of: pattern, in: $0, vectorised: vectorised) }
        }
    }

    private static func expectAgreement(_ needle: [UInt8], _ haystack: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = plainSearch(needle, haystack)
        #expect(search(needle, haystack, vectorised: true) == expected, "AVX2", sourceLocation: sourceLocation)
        #expect(search(needle, haystack, vectorised: false) == expected, "memmem", sourceLocation: sourceLocation)
    }

    @Test func findsAVX2WhereTheKernelReportsIt() throws {
        // Without this, a detection that always said no would leave every `vectorised: true` case
        // above quietly on memmem. The kernel lists the flag only where it also saves the registers.
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { $0.split(separator: " ") } ?? []
        #expect(SubstringSearch.hasAVX2 == flags.contains("avx2"))
    }

    @Test func findsADelimiterAtEveryOffsetAndLength() {
        var generator = SeededBytes(seed: 7)
        let delimiter = Array("\r\n--deadline3f9a0c1b7e2d4a5b".utf8)
        for length in [delimiter.count, 63, 64, 65, 100, 127, 128, 129, 200] {
            let background = generator.bytes(length).map { $0 == 0x0D ? 0x0C : $0 }
            for offset in 0...(length - delimiter.count) {
                var haystack = background
                haystack.replaceSubrange(offset..<(offset + delimiter.count), with: delimiter)
                Self.expectAgreement(delimiter, haystack)
                #expect(Self.search(delimiter, haystack, vectorised: true) == offset)
            }
        }
    }

    @Test func nearMissesWithTheFirstAndLastBytesRight() {
        // Every start matches on the first and last bytes, so each is checked in full and refused,
        // until the one real occurrence.
        let needle = Array("\r\n--abc-".utf8)
        var nearMiss = needle
        nearMiss[4] = UInt8(ascii: "x")
        for copies in [1, 8, 9, 16, 17] {
            let misses = Array((0..<copies).map { _ in nearMiss }.joined())
            Self.expectAgreement(needle, misses)
            Self.expectAgreement(needle, misses + needle)
            #expect(Self.search(needle, misses + needle, vectorised: true) == misses.count)
        }
    }

    @Test func shortNeedlesEmptyNeedlesAndShortHaystacks() {
        Self.expectAgreement([], [1, 2, 3])
        Self.expectAgreement([], [])
        Self.expectAgreement([0x0D], [1, 0x0D, 0x0D])
        Self.expectAgreement([0x0D, 0x0A], [0x0D, 0x0D, 0x0A])
        Self.expectAgreement([1, 2, 3], [1, 2])
        Self.expectAgreement([1, 2, 3], [])
        Self.expectAgreement([0x0D, 0x0A, 0x0D, 0x0A], Array(repeating: 0x0D, count: 70) + [0x0A, 0x0D, 0x0A])
    }

    @Test func randomNeedlesInRandomHaystacksOfFewSymbols() {
        // Five symbols make partial and repeated matches common at every position.
        var generator = SeededBytes(seed: 11)
        let symbols: [UInt8] = [0x0D, 0x0A, UInt8(ascii: "-"), UInt8(ascii: "a"), UInt8(ascii: "b")]
        for _ in 0..<20_000 {
            let haystack = generator.bytes(Int(generator.next() % 300)).map { symbols[Int($0) % symbols.count] }
            let needle = generator.bytes(Int(generator.next() % 9)).map { symbols[Int($0) % symbols.count] }
            Self.expectAgreement(needle, haystack)
        }
    }
}

/// Repeatable pseudo-random bytes (a 64-bit linear congruential generator), so a failure can be rerun.
private struct SeededBytes {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
