import Testing
@testable import ApprovalsWeb

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy()

    @Test func acceptsLongPassPhrasesWithoutCompositionRules() {
        #expect(policy.check("purple otter kettle harbour") == nil)
        #expect(policy.check("всё хорошо в этом мире") == nil)
        #expect(policy.check("ceffylaudyfrdwy") == nil)
    }

    @Test func refusesShortPasswordsByCharacterNotByte() {
        #expect(policy.check("Tr0ub4dor&3") == .tooShort(minimum: 15))
        // 14 characters of two bytes each is still 14 characters.
        #expect(policy.check(String(repeating: "é", count: 7) + "ñandúes") == .tooShort(minimum: 15))
    }

    @Test func refusesCommonRepetitiveAndContextualPasswords() {
        #expect(policy.check("passwordpassword123") == .common)
        #expect(policy.check("Password 1234567") == .common)
        #expect(policy.check("qwertyuiopasdfghjkl") == .common)
        #expect(policy.check("zzzzzzzzzzzzzzzzz") == .repetitive)
        #expect(policy.check("abcabcabcabcabcabc") == .repetitive)
        #expect(policy.check("1234567890123456") == .repetitive)
        #expect(policy.check("approvals approvals!", name: "", email: "") == .fromContext)
        #expect(policy.check("my name is margaret and i like tea", name: "Margaret Thatcher") == nil)
        #expect(policy.check("margaretthatcher1", name: "Margaret Thatcher", email: "mt@example.org") == .fromContext)
    }

    @Test func refusesAbsurdLength() {
        #expect(policy.check(String(repeating: "word ", count: 60)) == .tooLong(maximum: 256))
        #expect(PasswordPolicy(maximumLength: 20).check("a perfectly fine but long phrase") == .tooLong(maximum: 20))
    }
}
