import ApprovalsWeb
import Foundation
import Logging

/// The checked, typed settings the server starts with. Every check says what is wrong and how to
/// put it right, so that a bad deployment fails at start rather than at the first request.
struct ServiceSettings: Sendable {
    let host: String
    let port: Int
    let dataDirectory: URL
    let publicDirectory: URL
    let migrationsDirectory: URL?
    let clockStart: Date?
    let logLevel: Logger.Level
    /// Handler threads; always set (the default when not configured), optional only for `ServeCommand`.
    let workers: Int?
    let maxConnections: Int
    let uploadLimitBytes: Int
    let logFormat: LogFormat
    /// The certificate chain and key files, when the server speaks TLS itself.
    let tls: (certificate: String, key: String)?
    let trustedProxies: [String]
    let metricsAllow: [String]
    let metricsToken: String?
    let readyMinimumFreeBytes: Int64
    /// The API's limit per token: requests a second on average, and at once.
    let apiRate: (perSecond: Double, burst: Double)

    /// How log lines are written.
    enum LogFormat: String, Sendable { case json, text }
    let accounts: AccountSettings

    /// 16 handler threads per core, at least 32. Handlers mostly wait on SQLite and the disk (an
    /// evidence upload's fsyncs above all), so threads, not cores, run out first at a deadline; the
    /// memory each thread may take is bounded now that password hashing keeps to one slot per core
    /// (`HashingSlots`), whatever the number of workers.
    static var defaultWorkers: Int { max(32, 16 * ProcessInfo.processInfo.activeProcessorCount) }

    init(_ config: EffectiveConfiguration) throws(ConfigurationError) {
        host = config[Settings.host] ?? "127.0.0.1"
        guard let port = Int(config[Settings.port] ?? ""), (1...65535).contains(port) else {
            throw ConfigurationError("port must be a whole number from 1 to 65535, not '\(config[Settings.port] ?? "")'.")
        }
        self.port = port
        dataDirectory = URL(fileURLWithPath: config[Settings.data] ?? "./data").standardizedFileURL
        publicDirectory = URL(fileURLWithPath: config[Settings.publicFolder] ?? "./Public").standardizedFileURL
        migrationsDirectory = config[Settings.migrations].map { URL(fileURLWithPath: $0).standardizedFileURL }
        if let text = config[Settings.clockStart] {
            guard let instant = Self.parseInstant(text) else {
                throw ConfigurationError("clock-start must be an ISO 8601 instant such as 2025-03-21T16:55:00Z, not '\(text)'.")
            }
            clockStart = instant
        } else {
            clockStart = nil
        }
        guard let level = Logger.Level(rawValue: (config[Settings.logLevel] ?? "info").lowercased()) else {
            throw ConfigurationError("log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        logLevel = level
        if let text = config[Settings.workers] {
            guard let count = Int(text), (1...1024).contains(count) else {
                throw ConfigurationError("workers must be a whole number from 1 to 1024, not '\(text)'.")
            }
            workers = count
        } else {
            workers = Self.defaultWorkers
        }
        guard let connections = Int(config[Settings.maxConnections] ?? ""), connections >= 16 else {
            throw ConfigurationError("max-connections must be a whole number of at least 16.")
        }
        maxConnections = connections
        guard let megabytes = Int(config[Settings.uploadLimitMB] ?? ""), (1...10_240).contains(megabytes) else {
            throw ConfigurationError("upload-limit-mb must be a whole number of megabytes from 1 to 10240.")
        }
        uploadLimitBytes = megabytes * 1_000_000
        guard let format = LogFormat(rawValue: (config[Settings.logFormat] ?? "json").lowercased()) else {
            throw ConfigurationError("log-format must be json or text, not '\(config[Settings.logFormat] ?? "")'.")
        }
        logFormat = format
        switch (config[Settings.tlsCert], config[Settings.tlsKey]) {
        case let (certificate?, key?):
            for path in [certificate, key] where !FileManager.default.isReadableFile(atPath: path) {
                throw ConfigurationError("The TLS file \(path) cannot be read. Check the path and that the server's user may read it.")
            }
            tls = (certificate, key)
        case (nil, nil):
            tls = nil
        default:
            throw ConfigurationError("tls-cert and tls-key go together: give both to serve HTTPS, or neither for plain HTTP behind a proxy.")
        }
        trustedProxies = try Self.addresses(config[Settings.trustedProxies], setting: Settings.trustedProxies, allowLoopbackWord: false)
        metricsAllow = try Self.addresses(config[Settings.metricsAllow], setting: Settings.metricsAllow, allowLoopbackWord: true)
        if let token = config[Settings.metricsToken], token.count < 16 {
            throw ConfigurationError("metrics-token must be at least 16 characters (it is \(token.count)); generate one with `openssl rand -hex 32`.")
        }
        metricsToken = config[Settings.metricsToken]
        guard let freeMB = Int64(config[Settings.readyMinFreeMB] ?? ""), (0...10_000_000).contains(freeMB) else {
            throw ConfigurationError("ready-min-free-mb must be a whole number of megabytes from 0 to 10000000, not '\(config[Settings.readyMinFreeMB] ?? "")'.")
        }
        readyMinimumFreeBytes = freeMB * 1_000_000
        guard let rate = Double(config[Settings.apiRate] ?? ""), rate.isFinite, rate > 0, rate <= 1_000_000_000 else {
            throw ConfigurationError("api-rate must be a positive number of requests a second, such as 20, not '\(config[Settings.apiRate] ?? "")'.")
        }
        var burst = max(100, rate * 5)
        if let text = config[Settings.apiBurst] {
            guard let value = Double(text), value.isFinite, value >= 1, value <= 1_000_000_000 else {
                throw ConfigurationError("api-burst must be a number of requests of at least 1, such as 100, not '\(text)'.")
            }
            burst = value
        }
        apiRate = (rate, burst)
        accounts = try Self.accountSettings(config)
    }

    /// A comma-separated list of literal IPv4 or IPv6 addresses (and `loopback` where allowed).
    static func addresses(_ text: String?, setting: Setting, allowLoopbackWord: Bool) throws(ConfigurationError) -> [String] {
        guard let text else { return [] }
        var result: [String] = []
        for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            if allowLoopbackWord && item == "loopback" { result.append(item); continue }
            var v4 = in_addr(), v6 = in6_addr()
            guard inet_pton(AF_INET, item, &v4) == 1 || inet_pton(AF_INET6, item, &v6) == 1 else {
                throw ConfigurationError("\(setting.key) lists '\(item)', which is not an IP address\(allowLoopbackWord ? " or the word loopback" : ""). Give addresses separated by commas, such as 10.0.0.5,::1.")
            }
            result.append(item)
        }
        return result
    }

    static func accountSettings(_ config: EffectiveConfiguration) throws(ConfigurationError) -> AccountSettings {
        func flag(_ setting: Setting) throws(ConfigurationError) -> Bool {
            switch (config[setting] ?? "false").lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            case let other: throw ConfigurationError("\(setting.key) must be true or false, not '\(other)'.")
            }
        }
        var accounts = AccountSettings()
        accounts.secureCookies = try flag(Settings.secureCookies)
        accounts.requireSecondFactorForAdmins = try flag(Settings.adminSecondFactor)
        guard let idle = Int(config[Settings.sessionIdleMinutes] ?? ""), (1...1440).contains(idle) else {
            throw ConfigurationError("session-idle-minutes must be a whole number of minutes from 1 to 1440.")
        }
        guard let hours = Int(config[Settings.sessionHours] ?? ""), (1...168).contains(hours) else {
            throw ConfigurationError("session-hours must be a whole number of hours from 1 to 168.")
        }
        accounts.idleTimeout = TimeInterval(idle * 60)
        accounts.absoluteLifetime = TimeInterval(hours * 3600)
        if let url = config[Settings.publicURL] {
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw ConfigurationError("public-url must start with https:// or http://, not '\(url)'.")
            }
            accounts.publicBaseURL = url
        } else {
            // Never from the request's Host header: a forged Host would put an attacker's address in
            // a password link. Without public-url, links name the address the server listens on.
            let host = config[Settings.host] ?? "127.0.0.1"
            let shown = host == "0.0.0.0" || host == "::" ? "localhost" : host.contains(":") ? "[\(host)]" : host
            accounts.publicBaseURL = (accounts.secureCookies ? "https://" : "http://") + shown + ":" + (config[Settings.port] ?? "8080")
        }
        return accounts
    }

    /// Creates the data folder if needed and proves it can be written, so that the first submission
    /// is not where a read-only volume is discovered.
    func checkDataDirectoryIsWritable() throws(ConfigurationError) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let probe = dataDirectory.appendingPathComponent(".write-probe-\(getpid())")
            try Data("probe".utf8).write(to: probe)
            try fm.removeItem(at: probe)
        } catch {
            throw ConfigurationError("The data folder \(dataDirectory.path) cannot be written: \(error.localizedDescription). Give the server's user write access to it, or choose another with --data.")
        }
    }

    func checkFolderExists(_ url: URL, setting: Setting) throws(ConfigurationError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigurationError("The \(setting.key) folder \(url.path) does not exist. Run the server from the project folder or set --\(setting.key).")
        }
    }

    static func parseInstant(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return ISO8601DateFormatter().date(from: text) ?? withFraction.date(from: text)
    }
}
