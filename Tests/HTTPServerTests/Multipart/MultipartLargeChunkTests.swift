import Testing
@testable import HTTPServer

/// Large chunks inside a part are handed on straight from the chunk (no copy into the parser's
/// buffer); the parts must come out the same whatever the chunk sizes and wherever the delimiters
/// and near-misses fall.
@Suite struct MultipartLargeChunkTests {
    let boundary = MultipartFixture.boundary

    @Test("parts are the same whole and in chunks of every size from one byte to larger than the body")
    func sameResultForLargeChunks() throws {
        let first = MultipartFixture.trickyContent(5_000, seed: 1)
        let second = MultipartFixture.trickyContent(3_000, seed: 2)
        let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.bin\"\r\n\r\n".utf8) + first
            + Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.bin\"\r\n\r\n".utf8) + second
            + Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nfield\r\n--\(boundary)--\r\n".utf8)
        let whole = try MultipartFixture.parse(body)
        #expect(whole.count == 3)
        #expect(whole.first?.content == first)
        #expect(whole.dropFirst().first?.content == second)
        for size in [1, 7, 40, 45, 46, 47, 80, 91, 92, 93, 128, 500, 1_000, 4_096, 5_100, 9_000] {
            let cuts = Array(stride(from: size, to: body.count, by: size))
            #expect(try MultipartFixture.parse(body, cuts: cuts) == whole, "chunks of \(size)")
        }
        // Cuts right before, inside and after each delimiter.
        let delimiter = Array("\r\n--\(boundary)".utf8)
        var starts: [Int] = []
        var index = 0
        while index + delimiter.count <= body.count {
            if Array(body[index..<(index + delimiter.count)]) == delimiter { starts.append(index) }
            index += 1
        }
        for start in starts {
            for offset in [-200, -1, 0, 1, delimiter.count - 1, delimiter.count, delimiter.count + 1, 200] {
                let cut = start + offset
                guard cut > 0, cut < body.count else { continue }
                #expect(try MultipartFixture.parse(body, cuts: [cut]) == whole, "cut at \(cut)")
                let later = cut + 300
                if later < body.count {
                    #expect(try MultipartFixture.parse(body, cuts: [cut, later]) == whole, "cuts at \(cut), \(later)")
                }
            }
        }
    }
}
