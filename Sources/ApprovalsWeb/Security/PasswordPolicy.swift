import Foundation

/// What a new password must satisfy, after NIST SP 800-63B (revision 4) and the NCSC's advice: length
/// rather than composition rules, no forced expiry, and a refusal of passwords that are common,
/// repetitive or made from the context (the service, the person's own name or email). Every Unicode
/// character counts as one, after NFKC normalisation, so a pass phrase in any language works.
public struct PasswordPolicy: Sendable {
    /// 15 characters: NIST's minimum for a password that is the only factor (AO users). Configurable.
    public var minimumLength: Int
    /// Long pass phrases are welcome; the cap only stops absurd inputs to a slow hash.
    public var maximumLength: Int

    public init(minimumLength: Int = 15, maximumLength: Int = 256) {
        self.minimumLength = minimumLength
        self.maximumLength = maximumLength
    }

    /// Why a candidate password is refused, in words a person can act on.
    public enum Refusal: Error, Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case common
        case repetitive
        case fromContext

        public var message: String {
            switch self {
            case .tooShort(let minimum): "Password must be \(minimum) characters or more. Three or four random words make a strong password that is easy to remember."
            case .tooLong(let maximum): "Password must be \(maximum) characters or fewer"
            case .common: "Password is too common. Choose a password that other people are unlikely to use"
            case .repetitive: "Password must not be a repeated character or a simple sequence such as 123456"
            case .fromContext: "Password must not contain your name, your email address or the name of this service"
            }
        }
    }

    /// The normalised form that is hashed and compared.
    public static func normalise(_ password: String) -> String {
        password.precomposedStringWithCompatibilityMapping
    }

    /// Checks `password` for a person with the given name and email.
    public func check(_ password: String, name: String = "", email: String = "") -> Refusal? {
        let normal = Self.normalise(password)
        let length = normal.unicodeScalars.count
        if length < minimumLength { return .tooShort(minimum: minimumLength) }
        if length > maximumLength { return .tooLong(maximum: maximumLength) }
        let folded = normal.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" && $0 != "." }
        if Self.isRepetitive(folded) { return .repetitive }
        if CommonPasswords.contains(folded) || CommonPasswords.isMadeOfCommonParts(folded) { return .common }
        var contextWords = ["approvals", "qualification", "qualifications", "skillsengland", "ifate"]
        contextWords += name.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 }
        if let local = email.lowercased().split(separator: "@").first, local.count >= 4 { contextWords.append(String(local)) }
        // What is left once the context words are taken out must still be long enough on its own.
        let rest = contextWords.reduce(folded) { $0.replacingOccurrences(of: $1, with: "") }
        if rest.count < folded.count && rest.unicodeScalars.count < minimumLength { return .fromContext }
        return nil
    }

    /// True for one character repeated, or a short pattern repeated, or a run of consecutive
    /// characters (abcdef…, 123456…, in either direction) making up the whole password.
    static func isRepetitive(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2 else { return true }
        for period in 1...max(1, scalars.count / 2) where scalars.count % period == 0 {
            if (period..<scalars.count).allSatisfy({ scalars[$0] == scalars[$0 - period] }) { return true }
        }
        let steps = zip(scalars, scalars.dropFirst()).map { Int($1.value) - Int($0.value) }
        let (up, down) = (steps.allSatisfy { $0 == 1 || $0 == -9 }, steps.allSatisfy { $0 == -1 || $0 == 9 })
        return up || down
    }
}
