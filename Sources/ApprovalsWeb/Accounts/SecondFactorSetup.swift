import Approvals
import ApprovalsStore
import Foundation

/// Setting up and checking a staff member's time-based one-time passwords.
struct SecondFactorSetup: Sendable {
    let accounts: Accounts

    /// The secret to show while setting up (kept across reloads until confirmed), as the Base32 key
    /// and the `otpauth://` address authenticator apps read.
    func begin(for user: UserAccount) throws -> [String: String] {
        var factor = try accounts.store.secondFactor(of: user.id)
        if factor == nil {
            try accounts.store.beginSecondFactor(of: user.id, secretBase32: Base32.encode(TOTP.generateSecret()), at: accounts.now)
            factor = try accounts.store.secondFactor(of: user.id)
        }
        let secret = factor?.secretBase32 ?? ""
        var issuer = CharacterSet.alphanumerics
        issuer.insert(charactersIn: "-._~")
        let label = "Approvals:\(user.email)".addingPercentEncoding(withAllowedCharacters: issuer) ?? "Approvals"
        return [
            "secret": stride(from: 0, to: secret.count, by: 4).map { offset -> String in
                let start = secret.index(secret.startIndex, offsetBy: offset)
                return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
            }.joined(separator: " "),
            "uri": "otpauth://totp/\(label)?secret=\(secret)&issuer=Approvals&algorithm=SHA1&digits=6&period=30",
        ]
    }

    /// True when `code` is right for the user's secret and newer than any code used before; the
    /// factor is confirmed by its first good code.
    func accept(_ code: String, for user: UserAccount) throws -> Bool {
        guard let factor = try accounts.store.secondFactor(of: user.id), let secret = Base32.decode(factor.secretBase32),
              let counter = TOTP(secret: secret).verify(code, at: accounts.now, lastUsedCounter: factor.lastUsedCounter)
        else { return false }
        return try accounts.store.acceptCode(of: user, counter: counter, at: accounts.now)
    }
}
