import Approvals
public import Foundation

/// Gives every demo person (not the API clients, which use tokens) a password, so that the quick
/// start can print sign-ins that work. Each password is random and new at every load: a demo left
/// running on a network must not open with a password printed in the README.
public enum DemoSignIns {
    /// One working sign-in.
    public struct SignIn: Sendable, CustomStringConvertible {
        public let email: String
        public let password: String
        public let roles: String

        public var description: String { "  \(email) / \(password)  (\(roles))" }
    }

    /// Sets the passwords through `hash` (the web layer's password hasher), audited as the demo loader.
    public static func assignPasswords(in store: AccountStore, hash: (String) -> String, at instant: Date) throws -> [SignIn] {
        let loader = Actor(id: UserID("demo-data"), roles: [.admin], displayName: "approvals demo-data")
        var signIns: [SignIn] = []
        for holder in try store.holders() where holder.isActive && !holder.user.actor.isAPIClient && holder.passwordHash == nil {
            let password = makePassword()
            try store.setPassword(holder.user.id, passwordHash: hash(password), by: loader, at: instant)
            signIns.append(SignIn(email: holder.user.email, password: password,
                                  roles: holder.user.roles.map(\.rawValue).sorted().joined(separator: ", ")))
        }
        return signIns
    }

    /// `demo-` and four groups of four letters and digits (about 80 bits): long enough for the
    /// password policy, easy to copy.
    static func makePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let groups = (0..<4).map { _ in String((0..<4).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }) }
        return "demo-" + groups.joined(separator: "-")
    }

    /// The lines the quick start prints.
    public static func summary(_ signIns: [SignIn]) -> String {
        (["", "Demo sign-ins (email / password), new at each load:"] + signIns.map(\.description)).joined(separator: "\n")
    }
}
