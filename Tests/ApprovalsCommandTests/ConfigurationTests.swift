import Foundation
import Testing
@testable import approvals

@Suite("Configuration: precedence, checks and messages")
struct ConfigurationTests {
    static func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("approvals-\(UUID().uuidString).conf")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("a flag beats the environment, which beats the file, which beats the default")
    func precedence() throws {
        let path = try Self.file("# comment\nport = 3003\nlog-level = \"debug\"\n")
        let all = try EffectiveConfiguration(flags: ["port": "1001"], environment: ["APPROVALS_PORT": "2002"], configFile: path)
        #expect(all[Settings.port] == "1001")
        #expect(all.source(of: Settings.port) == .flag)
        let noFlag = try EffectiveConfiguration(flags: [:], environment: ["APPROVALS_PORT": "2002"], configFile: path)
        #expect(noFlag[Settings.port] == "2002")
        #expect(noFlag.source(of: Settings.port) == .environment("APPROVALS_PORT"))
        let fileOnly = try EffectiveConfiguration(flags: [:], environment: [:], configFile: path)
        #expect(fileOnly[Settings.port] == "3003")
        #expect(fileOnly[Settings.logLevel] == "debug")
        #expect(fileOnly.source(of: Settings.port) == .file(path))
        let defaults = try EffectiveConfiguration(flags: [:], environment: [:], configFile: nil)
        #expect(defaults[Settings.port] == "8080")
        #expect(defaults.source(of: Settings.port) == .builtIn)
    }

    @Test("an unknown key in the file is refused, naming it")
    func unknownKey() throws {
        let path = try Self.file("port = 8080\nprot = 9090\n")
        let error = #expect(throws: ConfigurationError.self) { try EffectiveConfiguration(flags: [:], environment: [:], configFile: path) }
        #expect(error?.description.contains("unknown setting 'prot'") == true)
    }

    @Test("a line without = is refused with its number")
    func malformedLine() throws {
        let path = try Self.file("port = 8080\njust words\n")
        let error = #expect(throws: ConfigurationError.self) { try EffectiveConfiguration(flags: [:], environment: [:], configFile: path) }
        #expect(error?.description.contains("Line 2") == true)
    }

    @Test("bad values get a message that says what is allowed", arguments: [
        ("port", "70000", "port must be a whole number from 1 to 65535"),
        ("port", "http", "port must be a whole number from 1 to 65535"),
        ("log-format", "xml", "log-format must be json or text"),
        ("metrics-allow", "localhost", "which is not an IP address or the word loopback"),
        ("trusted-proxies", "10.0.0.0/8", "which is not an IP address"),
        ("metrics-token", "short", "metrics-token must be at least 16 characters"),
        ("ready-min-free-mb", "-1", "ready-min-free-mb must be a whole number"),
        ("tls-cert", "/etc/hostname", "tls-cert and tls-key go together"),
        ("api-rate", "0", "api-rate must be a positive number"),
        ("api-rate", "fast", "api-rate must be a positive number"),
        ("api-burst", "0.5", "api-burst must be a number of requests of at least 1"),
    ])
    func badValues(key: String, value: String, message: String) throws {
        let effective = try EffectiveConfiguration(flags: [key: value], environment: [:], configFile: nil)
        let error = #expect(throws: ConfigurationError.self) { _ = try ServiceSettings(effective) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("a TLS file that cannot be read is named")
    func unreadableTLSFile() throws {
        let effective = try EffectiveConfiguration(flags: ["tls-cert": "/no/such/cert.pem", "tls-key": "/no/such/key.pem"],
                                                   environment: [:], configFile: nil)
        let error = #expect(throws: ConfigurationError.self) { _ = try ServiceSettings(effective) }
        #expect(error?.description.contains("/no/such/cert.pem cannot be read") == true)
    }

    @Test("a data folder that cannot be written is refused at start, saying how to fix it")
    func unwritableDataFolder() throws {
        // /proc refuses new entries even to root, so the check fails whoever runs the tests.
        let effective = try EffectiveConfiguration(flags: ["data": "/proc/approvals-data"], environment: [:], configFile: nil)
        let settings = try ServiceSettings(effective)
        let error = #expect(throws: ConfigurationError.self) { try settings.checkDataDirectoryIsWritable() }
        #expect(error?.description.contains("The data folder /proc/approvals-data cannot be written") == true)
    }

    @Test("approvals config shows where each value came from and never the metrics token")
    func describeHidesSecrets() throws {
        let token = "9f86d081884c7d659a2feaa0c55ad015"
        let effective = try EffectiveConfiguration(flags: ["metrics-allow": "10.0.0.5, loopback"],
                                                   environment: ["APPROVALS_METRICS_TOKEN": token], configFile: nil)
        let text = effective.describe()
        #expect(!text.contains(token))
        #expect(text.contains("metrics-token = (secret, 32 characters)    [environment APPROVALS_METRICS_TOKEN]"))
        #expect(text.contains("metrics-allow = 10.0.0.5, loopback    [flag]"))
        let settings = try ServiceSettings(effective)
        #expect(settings.metricsAllow == ["10.0.0.5", "loopback"])
        #expect(settings.metricsToken == token)
        #expect(settings.logFormat == .json)
        #expect(settings.readyMinimumFreeBytes == 512_000_000)
    }

    @Test("the API's rate limit is an ordinary setting: flag over environment over file over default")
    func apiRateLimit() throws {
        let path = try Self.file("api-rate = 30\napi-burst = 40\n")
        let fromFile = try ServiceSettings(try EffectiveConfiguration(flags: [:], environment: [:], configFile: path))
        #expect(fromFile.apiRate.perSecond == 30 && fromFile.apiRate.burst == 40)
        let fromEnvironment = try ServiceSettings(try EffectiveConfiguration(
            flags: [:], environment: ["APPROVALS_API_RATE": "50", "APPROVALS_API_BURST": "60"], configFile: path))
        #expect(fromEnvironment.apiRate.perSecond == 50 && fromEnvironment.apiRate.burst == 60)
        let fromFlag = try ServiceSettings(try EffectiveConfiguration(
            flags: ["api-rate": "70"], environment: ["APPROVALS_API_RATE": "50"], configFile: nil))
        #expect(fromFlag.apiRate.perSecond == 70 && fromFlag.apiRate.burst == 350, "the burst follows the rate unless set")
        let defaults = try ServiceSettings(try EffectiveConfiguration(flags: [:], environment: [:], configFile: nil))
        #expect(defaults.apiRate.perSecond == 20 && defaults.apiRate.burst == 100)
    }
}
