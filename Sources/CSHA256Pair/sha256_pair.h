// SHA-256 of two independent byte streams at once, with the processor's SHA extensions (SHA-NI), for
// the uploads the server hashes side by side.
//
// Why: hashing is about half of the server's CPU time while it receives uploads, and OpenSSL's
// SHA-NI code is already as fast as one stream can go: each round needs the result of the one
// before, so the processor waits on SHA256RNDS2's latency. Two streams' rounds interleaved keep it
// busy in each other's waits. On the development EPYC one stream hashes at 1.8 GB/s (OpenSSL) and two
// together at 3.5 GB/s in all: each byte costs about half. The Linux kernel pairs buffers the same
// way for dm-verity (sha256_finup_2x).
//
// The state lives in OpenSSL's SHA256_CTX (its layout is public in <openssl/sha.h>), so that a
// stream moves between OpenSSL's one-stream code and this paired code as it goes: OpenSSL does the
// partial blocks, the padding and the digest; this code only ever runs whole blocks, as OpenSSL's
// own block function does, and counts them in the context's bit length the same way.
//
// OpenSSL 3 marks the SHA256_* functions deprecated in favour of EVP, whose state is opaque and so
// cannot be paired. They are wrapped here with the warning suppressed.
//
// A header of inline functions, like the project's other C shims: Swift imports them with no C target
// to build. SwiftPM does not rebuild the Swift files that import it when only this header changes:
// touch Sources/ContentHash/SHA256Hasher.swift after editing it.
#ifndef CSHA256PAIR_H
#define CSHA256PAIR_H
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif
#include <openssl/sha.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline void content_sha256_init(SHA256_CTX *context) { SHA256_Init(context); }
static inline void content_sha256_update(SHA256_CTX *context, const void *bytes, size_t count) {
    SHA256_Update(context, bytes, count);
}
static inline void content_sha256_final(unsigned char digest[32], SHA256_CTX *context) { SHA256_Final(digest, context); }

/* Adds `count` bytes to the context's length in bits, kept as two 32-bit halves (Nh:Nl). */
static inline void content_sha256_count(SHA256_CTX *context, size_t count) {
    uint64_t bits = ((uint64_t)context->Nh << 32 | context->Nl) + ((uint64_t)count << 3);
    context->Nl = (SHA_LONG)bits;
    context->Nh = (SHA_LONG)(bits >> 32);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* Whether the processor has the SHA extensions and the SSSE3 and SSE4.1 instructions used beside
   them (all work on XMM registers, which every x86-64 kernel saves). */
static inline bool content_sha256_pair_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1)) return false;
    if (__get_cpuid_max(0, NULL) < 7) return false;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & bit_SHA) != 0;
}

static const uint32_t content_sha256_k[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define CONTENT_SHA256_TARGET __attribute__((target("sha,ssse3,sse4.1")))

/* SHA256RNDS2 keeps the eight working words as two vectors, {A,B,E,F} and {C,D,G,H}, first word in
   the highest lane. */
CONTENT_SHA256_TARGET static inline void content_sha256_load(const SHA_LONG h[8], __m128i *abef, __m128i *cdgh) {
    *abef = _mm_set_epi32((int)h[0], (int)h[1], (int)h[4], (int)h[5]);
    *cdgh = _mm_set_epi32((int)h[2], (int)h[3], (int)h[6], (int)h[7]);
}

CONTENT_SHA256_TARGET static inline void content_sha256_store(SHA_LONG h[8], __m128i abef, __m128i cdgh) {
    uint32_t x[4], y[4];
    _mm_storeu_si128((__m128i *)x, abef);
    _mm_storeu_si128((__m128i *)y, cdgh);
    h[0] = x[3]; h[1] = x[2]; h[4] = x[1]; h[5] = x[0];
    h[2] = y[3]; h[3] = y[2]; h[6] = y[1]; h[7] = y[0];
}

/* Four rounds: the message words plus their constants, two rounds in the low half, two in the high. */
#define CONTENT_SHA256_ROUNDS4(abef, cdgh, words, group) do { \
        __m128i wk = _mm_add_epi32((words), _mm_load_si128((const __m128i *)&content_sha256_k[4 * (group)])); \
        (cdgh) = _mm_sha256rnds2_epu32((cdgh), (abef), wk); \
        (abef) = _mm_sha256rnds2_epu32((abef), (cdgh), _mm_shuffle_epi32(wk, 0x0E)); \
    } while (0)

/* The message schedule's next four words from the sixteen before them, in four vectors. */
#define CONTENT_SHA256_SCHEDULE(m, group) do { \
        __m128i w = _mm_sha256msg1_epu32((m)[(group) & 3], (m)[((group) + 1) & 3]); \
        w = _mm_add_epi32(w, _mm_alignr_epi8((m)[((group) + 3) & 3], (m)[((group) + 2) & 3], 4)); \
        (m)[(group) & 3] = _mm_sha256msg2_epu32(w, (m)[((group) + 3) & 3]); \
    } while (0)

/* Runs `blocks` 64-byte blocks of each stream through its state, the two streams' rounds interleaved. */
CONTENT_SHA256_TARGET static inline void content_sha256_pair_blocks(SHA_LONG first[8], const unsigned char *a,
                                                                    SHA_LONG second[8], const unsigned char *b,
                                                                    size_t blocks) {
    const __m128i big_endian = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i x_abef, x_cdgh, y_abef, y_cdgh;
    content_sha256_load(first, &x_abef, &x_cdgh);
    content_sha256_load(second, &y_abef, &y_cdgh);
    for (; blocks > 0; blocks--, a += 64, b += 64) {
        const __m128i x_abef_before = x_abef, x_cdgh_before = x_cdgh, y_abef_before = y_abef, y_cdgh_before = y_cdgh;
        __m128i m[4], n[4];
        for (int i = 0; i < 4; i++) {
            m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(a + 16 * i)), big_endian);
            n[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(b + 16 * i)), big_endian);
        }
        /* Unrolled, so that the two streams' instructions can be scheduled across groups: left as a
           loop, it hashed 2.3 GB/s together, unrolled 3.5 GB/s (one stream alone: 1.8). */
#pragma clang loop unroll(full)
        for (int group = 0; group < 16; group++) {
            CONTENT_SHA256_ROUNDS4(x_abef, x_cdgh, m[group & 3], group);
            CONTENT_SHA256_ROUNDS4(y_abef, y_cdgh, n[group & 3], group);
            if (group < 12) {
                CONTENT_SHA256_SCHEDULE(m, group);
                CONTENT_SHA256_SCHEDULE(n, group);
            }
        }
        x_abef = _mm_add_epi32(x_abef, x_abef_before);
        x_cdgh = _mm_add_epi32(x_cdgh, x_cdgh_before);
        y_abef = _mm_add_epi32(y_abef, y_abef_before);
        y_cdgh = _mm_add_epi32(y_cdgh, y_cdgh_before);
    }
    content_sha256_store(first, x_abef, x_cdgh);
    content_sha256_store(second, y_abef, y_cdgh);
}
#else
static inline bool content_sha256_pair_available(void) { return false; }
static inline void content_sha256_pair_blocks(SHA_LONG first[8], const unsigned char *a, SHA_LONG second[8],
                                              const unsigned char *b, size_t blocks) {}
#endif

/* Hashes the longest run of whole blocks, at most `count` bytes, that both streams can take together,
   and returns its length in bytes: 0 when the processor lacks the SHA extensions or either context
   holds a partial block (its next bytes must join that block first). The caller adds the rest of each
   stream with content_sha256_update. */
static inline size_t content_sha256_update_pair(SHA256_CTX *first, const void *a, SHA256_CTX *second, const void *b,
                                                size_t count, bool available) {
    if (!available || first->num != 0 || second->num != 0) return 0;
    size_t blocks = count / 64;
    if (blocks == 0) return 0;
    content_sha256_pair_blocks(first->h, (const unsigned char *)a, second->h, (const unsigned char *)b, blocks);
    content_sha256_count(first, blocks * 64);
    content_sha256_count(second, blocks * 64);
    return blocks * 64;
}
#endif
