// The multipart parser's delimiter search, which looks at every byte of every upload once.
//
// glibc's memmem hops through the haystack by up to the needle's length, but each hop waits on the
// byte it reads to choose the next: on bytes just read from a socket it managed 17 GB/s, and in the
// server, beside the SHA-256 of other uploads, 6 GB/s, a tenth of the CPU time of receiving. The
// AVX2 search reads every byte but with no such wait: it compares 64 starting positions at a time on
// the needle's first and last bytes, and compares the rest only where both match (in random bytes,
// at one position in 65,536). It ran at 49 GB/s on the same socket reads, and in the server it takes
// 0.08 CPU seconds per GB uploaded where memmem took 0.16. Processors without AVX2, and other
// architectures, use memmem.
//
// A header, not a C target, so that the fuzzer (scripts/fuzz.sh, plain swiftc) finds it as SwiftPM
// does. SwiftPM does not rebuild the Swift files that import it when only this header changes: touch
// Sources/HTTPServer/Multipart/SubstringSearch.swift after editing it.
#ifndef CSUBSTRINGSEARCH_H
#define CSUBSTRINGSEARCH_H
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* GNU-only, so hidden from the Glibc module without _GNU_SOURCE. */
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);

/* The offset of the first occurrence of `needle` in `haystack`, or -1: glibc's memmem. */
static inline ptrdiff_t substring_search_portable(const unsigned char *haystack, size_t haystack_length,
                                                  const unsigned char *needle, size_t needle_length) {
    const unsigned char *hit = memmem(haystack, haystack_length, needle, needle_length);
    return hit ? hit - haystack : -1;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* Whether the processor has AVX2 and the operating system saves the YMM registers on a switch
   (OSXSAVE, then XCR0's SSE and AVX bits): cpuid alone would say yes under a kernel that does not. */
static inline bool substring_search_avx2_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE)) return false;
    unsigned xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & bit_AVX2) != 0;
}

/* The offset of the first occurrence of `needle` in `haystack`, or -1. Only where
   substring_search_avx2_available() is true. An empty needle occurs at 0. */
__attribute__((target("avx2")))
static inline ptrdiff_t substring_search_avx2(const unsigned char *haystack, size_t haystack_length,
                                              const unsigned char *needle, size_t needle_length) {
    if (needle_length < 2) return substring_search_portable(haystack, haystack_length, needle, needle_length);
    if (haystack_length < needle_length) return -1;
    const size_t last = needle_length - 1;
    /* The needle can start at 0 ... final. */
    const size_t final = haystack_length - needle_length;
    const __m256i first_byte = _mm256_set1_epi8((char)needle[0]);
    const __m256i last_byte = _mm256_set1_epi8((char)needle[last]);
    size_t position = 0;
    /* Each step tests the 64 starts position ... position + 63, all at or before final, so every load
       (the furthest ends at position + 63 + last) stays inside the haystack. */
    for (; position + 63 <= final; position += 64) {
        const unsigned char *at = haystack + position;
        const __m256i low = _mm256_and_si256(
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)at), first_byte),
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(at + last)), last_byte));
        const __m256i high = _mm256_and_si256(
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(at + 32)), first_byte),
            _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(const void *)(at + 32 + last)), last_byte));
        const __m256i either = _mm256_or_si256(low, high);
        if (_mm256_testz_si256(either, either)) continue;
        unsigned long long candidates = (unsigned long long)(unsigned)_mm256_movemask_epi8(low)
            | ((unsigned long long)(unsigned)_mm256_movemask_epi8(high) << 32);
        while (candidates != 0) {
            const size_t start = position + (size_t)__builtin_ctzll(candidates);
            if (memcmp(haystack + start + 1, needle + 1, last - 1) == 0) return (ptrdiff_t)start;
            candidates &= candidates - 1;
        }
    }
    /* Fewer than 64 starts are left: one at a time. */
    for (; position <= final; position++) {
        if (haystack[position] == needle[0] && haystack[position + last] == needle[last]
            && memcmp(haystack + position + 1, needle + 1, last - 1) == 0) {
            return (ptrdiff_t)position;
        }
    }
    return -1;
}
#else
static inline bool substring_search_avx2_available(void) { return false; }
static inline ptrdiff_t substring_search_avx2(const unsigned char *haystack, size_t haystack_length,
                                              const unsigned char *needle, size_t needle_length) {
    return substring_search_portable(haystack, haystack_length, needle, needle_length);
}
#endif
#endif
