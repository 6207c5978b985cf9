import CSubstringSearch

/// Finds a byte string in a buffer: the multipart parser's delimiter search, over every byte of every
/// upload. With AVX2 where the processor has it, glibc's memmem elsewhere; substring_search.h says why.
enum SubstringSearch {
    /// Asked of the processor once.
    static let hasAVX2 = substring_search_avx2_available()

    /// The offset of the first occurrence of `needle` in `haystack`. `vectorised: false` forces
    /// memmem, so that tests can hold the two searches to the same answers.
    static func firstOffset(
        of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, vectorised: Bool = hasAVX2
    ) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        guard !needle.isEmpty else { return 0 }
        let bytes = haystack.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let pattern = needle.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let found = vectorised && hasAVX2
            ? substring_search_avx2(bytes, haystack.count, pattern, needle.count)
            : substring_search_portable(bytes, haystack.count, pattern, needle.count)
        return found < 0 ? nil : found
    }
}
