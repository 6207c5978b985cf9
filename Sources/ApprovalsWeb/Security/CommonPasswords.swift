/// A deny-list of passwords and pass-phrase parts that appear at the top of breach corpora, folded to
/// lower case without spaces. Long enough candidates built only from these parts are refused too
/// ("passwordpassword123", "qwertyuiopasdfgh").
enum CommonPasswords {
    static let list: Set<String> = [
        "password", "password1", "password12", "password123", "password1234", "passw0rd", "p@ssw0rd", "p@ssword",
        "123456", "1234567", "12345678", "123456789", "1234567890", "12345678910", "0123456789", "987654321",
        "qwerty", "qwertyuiop", "qwertyuiopasdfghjkl", "asdfghjkl", "zxcvbnm", "1q2w3e4r", "1qaz2wsx", "qazwsx",
        "letmein", "welcome", "welcome1", "iloveyou", "admin", "administrator", "abc123", "monkey", "dragon",
        "football", "baseball", "liverpool", "arsenal", "chelsea", "manchester", "sunshine", "princess",
        "trustno1", "superman", "batman", "starwars", "shadow", "master", "michael", "jennifer", "charlie",
        "computer", "internet", "changeme", "secret", "default", "login", "access", "hello", "freedom",
        "whatever", "mustang", "summer", "winter", "spring", "autumn", "london", "england", "britain",
        "correcthorsebatterystaple", "thequickbrownfoxjumpsoverthelazydog", "iloveyouforever",
        "passwordpassword", "letmeinletmein", "qwertyqwerty", "aaaaaaaa", "11111111", "00000000",
    ]

    static let parts: [String] = [
        "password", "passw0rd", "qwerty", "uiop", "asdf", "ghjkl", "zxcvbnm", "letmein", "welcome", "admin",
        "iloveyou", "abc", "123", "1234", "12345", "123456", "2024", "2025", "2026", "!", "@", "#", "1", "0",
    ]

    static func contains(_ folded: String) -> Bool { list.contains(folded) }

    /// True when `folded` is a concatenation of deny-listed parts and common passwords.
    static func isMadeOfCommonParts(_ folded: String) -> Bool {
        let pieces = parts + list.filter { $0.count <= 12 }
        let chars = Array(folded)
        var reachable = [Bool](repeating: false, count: chars.count + 1)
        reachable[0] = true
        for start in 0..<chars.count where reachable[start] {
            for piece in pieces {
                let end = start + piece.count
                if end <= chars.count && String(chars[start..<end]) == piece { reachable[end] = true }
            }
        }
        return reachable[chars.count]
    }
}
