/// An integer written as JSON (decimal, `-` for a negative) straight into a buffer, the same text as
/// `String(value)` without making one.
enum JSONDigits {
    /// Writes `value` at `out` (room for 20 bytes) and returns how many bytes it wrote.
    static func write(_ value: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        // The magnitude as unsigned, so that Int64.min has one too.
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes of scratch, filled from the end
        return withUnsafeMutableBytes(of: &digits) { scratch in
            var position = scratch.count
            repeat {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            var written = 0
            if value < 0 {
                out[0] = UInt8(ascii: "-")
                written = 1
            }
            let length = scratch.count - position
            (out + written).update(from: scratch.baseAddress!.advanced(by: position).assumingMemoryBound(to: UInt8.self), count: length)
            return written + length
        }
    }
}
