// libFuzzer entry for the request parser: built by scripts/fuzz.sh with the files in sources.txt.
//
// Each input is parsed whole, then again in pieces whose sizes come from the input itself, then one
// byte at a time. Besides crashes and hangs, it stops on any difference between the three: how the
// bytes were split must never change what the parser accepts or produces.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Small limits so the fuzzer reaches the limit checks with short inputs.
    let limits = RequestParserLimits(
        maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 8, maxChunkLineBytes: 32)
    let whole = ParserTranscript.parse(bytes, limits: limits)
    let seed = Int(bytes.first ?? 1)
    let pieces = (0..<bytes.count).map { 1 + ($0 &* 31 &+ seed) % 13 }
    let split = ParserTranscript.parse(bytes, pieceSizes: pieces, limits: limits)
    let single = ParserTranscript.parse(bytes, pieceSizes: Array(repeating: 1, count: bytes.count), limits: limits)
    for other in [split, single] {
        // The reason may differ (a size limit can be noticed before a later syntax error), but not
        // whether it failed, nor anything produced before.
        if other.entries != whole.entries || (other.failure == nil) != (whole.failure == nil) {
            fatalError("parser output depends on how the input is split")
        }
    }
    return 0
}
