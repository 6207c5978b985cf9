/// The strong entity tag of an API answer: a 64-bit hash of its exact bytes and their length.
///
/// A strong validator only has to change whenever the bytes do, for the one client that asks again
/// with the tag it was given; it guards against no adversary (the client could as well keep the
/// bytes). So a fast non-cryptographic hash serves: it reads the body eight bytes at a time in four
/// independent lanes (multiply, rotate, multiply: each input bit reaches every output bit), then
/// mixes the lanes, the tail and the length. SHA-256 of a 20 KB page cost more than writing the page.
enum APIEntityTag {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// `"` + 16 hex digits of the hash + `-` + the length in hex + `"`.
    static func of(_ bytes: [UInt8]) -> String {
        let hash = bytes.withUnsafeBytes(Self.hash)
        return "\"" + hex(hash) + "-" + String(bytes.count, radix: 16) + "\""
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var offset = 0
        var hash: UInt64
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func round(_ lane: UInt64, _ input: UInt64) -> UInt64 {
            ((lane &+ input &* prime2).rotatedLeft(31)) &* prime1
        }
        if count >= 32 {
            var lanes = (prime1 &+ prime2, prime2, UInt64(0), UInt64(0) &- prime1)
            while offset + 32 <= count {
                lanes.0 = round(lanes.0, word(offset))
                lanes.1 = round(lanes.1, word(offset + 8))
                lanes.2 = round(lanes.2, word(offset + 16))
                lanes.3 = round(lanes.3, word(offset + 24))
                offset += 32
            }
            hash = lanes.0.rotatedLeft(1) &+ lanes.1.rotatedLeft(7) &+ lanes.2.rotatedLeft(12) &+ lanes.3.rotatedLeft(18)
            func merge(_ lane: UInt64) { hash = (hash ^ round(0, lane)) &* prime1 &+ prime4 }
            merge(lanes.0); merge(lanes.1); merge(lanes.2); merge(lanes.3)
        } else {
            hash = prime5
        }
        hash = hash &+ UInt64(count)
        while offset + 8 <= count {
            hash = ((hash ^ round(0, word(offset))).rotatedLeft(27)) &* prime1 &+ prime4
            offset += 8
        }
        while offset < count {
            hash = ((hash ^ (UInt64(bytes[offset]) &* prime5)).rotatedLeft(11)) &* prime1
            offset += 1
        }
        // Final avalanche: every bit of the state affects every bit of the result.
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
