// libFuzzer entry for the multipart/form-data parser: built by scripts/fuzz.sh with the files in
// sources.txt.
//
// The boundary is fixed ("xB") so the fuzzer spends its time on bodies. Each input is parsed whole,
// then in pieces whose sizes come from the input, then one byte at a time. Besides crashes and hangs,
// it stops when the three disagree on the parts completed or on whether the body was accepted:
// where a chunk ends must never change what the parser reports.

struct MultipartTranscript: Equatable {
    var parts: [Part] = []
    var failed = false

    struct Part: Equatable {
        var head: MultipartPartHead
        var content: [UInt8]
    }

    static func parse(_ bytes: [UInt8], pieceSizes: [Int]) -> MultipartTranscript {
        var transcript = MultipartTranscript()
        let limits = MultipartLimits(maxParts: 8, maxPartHeaderBytes: 128)
        guard let boundary = try? MultipartBoundary("xB") else { fatalError("fixed boundary is valid") }
        var parser = MultipartParser(boundary: boundary, limits: limits)
        var open: Part?
        var offset = 0
        var sizes = pieceSizes.makeIterator()
        do throws(MultipartError) {
            while offset < bytes.count {
                let end = min(bytes.count, offset + (sizes.next() ?? bytes.count))
                try parser.feed(Array(bytes[offset..<end])) { (event: MultipartEvent) throws(MultipartError) in
                    switch event {
                    case .partBegin(let head):
                        guard open == nil else { fatalError("a part began inside another") }
                        open = Part(head: head, content: [])
                    case .partBytes(let chunk):
                        guard open != nil else { fatalError("bytes outside a part") }
                        open?.content.append(contentsOf: chunk)
                    case .partEnd:
                        guard let part = open else { fatalError("a part ended that never began") }
                        transcript.parts.append(part)
                        open = nil
                    }
                }
                offset = end
            }
            try parser.finish()
        } catch {
            transcript.failed = true
        }
        return transcript
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultipartParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = MultipartTranscript.parse(bytes, pieceSizes: [])
    let seed = Int(bytes.first ?? 1)
    let pieces = (0..<bytes.count).map { 1 + ($0 &* 37 &+ seed) % 17 }
    let split = MultipartTranscript.parse(bytes, pieceSizes: pieces)
    let single = MultipartTranscript.parse(bytes, pieceSizes: Array(repeating: 1, count: bytes.count))
    guard split == whole, single == whole else {
        fatalError("multipart parser output depends on how the input is split")
    }
    return 0
}
