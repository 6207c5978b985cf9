import Testing
@testable import HTTPServer

@Suite struct UploadFilenameTests {
    @Test(arguments: [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("/absolute/path/x.png", "x.png"),
        ("..", nil),
        ("...", nil),
        (".htaccess", "htaccess"),
        ("dir/", nil),
        ("  spaced name.txt  ", "spaced name.txt"),
        ("evil\u{202E}fdp.exe", "evilfdp.exe"),
        ("nul\u{0}byte.txt", "nulbyte.txt"),
        ("a:b*c?.txt", "a_b_c_.txt"),
        ("", nil),
    ] as [(String, String?)])
    func sanitises(declared: String, expected: String?) {
        #expect(UploadFilename.sanitised(declared) == expected)
    }

    @Test func truncatesLongNamesKeepingExtension() throws {
        let name = try #require(UploadFilename.sanitised(String(repeating: "é", count: 300) + ".pdf"))
        #expect(name.utf8.count <= UploadFilename.maxBytes)
        #expect(name.hasSuffix("é.pdf"))
    }
}
