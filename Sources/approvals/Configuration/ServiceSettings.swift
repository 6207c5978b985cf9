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
    let workers: Int?
    let maxConnections: Int
    let uploadLimitBytes: Int
    let accounts: AccountSettings

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
            workers = nil
        }
        guard let connections = Int(config[Settings.maxConnections] ?? ""), connections >= 16 else {
            throw ConfigurationError("max-connections must be a whole number of at least 16.")
        }
        maxConnections = connections
        guard let megabytes = Int(config[Settings.uploadLimitMB] ?? ""), (1...10_240).contains(megabytes) else {
            throw ConfigurationError("upload-limit-mb must be a whole number of megabytes from 1 to 10240.")
        }
        uploadLimitBytes = megabytes * 1_000_000
        accounts = try Self.accountSettings(config)
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
