import Testing
@testable import ApprovalsWeb

@Suite struct CSRFTokenTests {
    @Test func belongsToOneSessionOnly() {
        let secret = SecureRandom.token()
        let token = CSRFToken.make(sessionSecret: secret)
        #expect(CSRFToken.isValid(token, sessionSecret: secret))
        #expect(!CSRFToken.isValid(token, sessionSecret: SecureRandom.token()))
        #expect(!CSRFToken.isValid(nil, sessionSecret: secret))
        #expect(!CSRFToken.isValid("", sessionSecret: secret))
        let altered = (token.first == "A" ? "B" : "A") + token.dropFirst()
        #expect(!CSRFToken.isValid(altered, sessionSecret: secret))
    }

    @Test func randomTokensCarry256BitsAndDiffer() {
        let a = SecureRandom.token(), b = SecureRandom.token()
        #expect(a != b)
        #expect(Base64URL.decode(a)?.count == 32)
    }
}
