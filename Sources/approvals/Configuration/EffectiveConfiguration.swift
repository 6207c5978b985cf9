import Foundation

/// The settings in force and where each came from. Precedence, highest first: a command-line flag,
/// then an environment variable (`APPROVALS_…`), then the configuration file (`--config FILE`, lines
/// of `key = value`, `#` comments), then the built-in default.
struct EffectiveConfiguration: Sendable {
    enum Source: Sendable, Equatable, CustomStringConvertible {
        case flag, environment(String), file(String), builtIn
        var description: String {
            switch self {
            case .flag: "flag"
            case .environment(let name): "environment \(name)"
            case .file(let path): "file \(path)"
            case .builtIn: "default"
            }
        }
    }

    private(set) var values: [String: (value: String, source: Source)] = [:]

    /// Resolves every setting of `Settings.all` from the flags given, the environment and the file.
    init(flags: [String: String], environment: [String: String], configFile: String?) throws(ConfigurationError) {
        var fileValues: [String: String] = [:]
        if let configFile { fileValues = try Self.readFile(configFile) }
        for setting in Settings.all {
            if let value = flags[setting.key] {
                values[setting.key] = (value, .flag)
            } else if let value = environment[setting.environmentVariable], !value.isEmpty {
                values[setting.key] = (value, .environment(setting.environmentVariable))
            } else if let value = fileValues[setting.key], let path = configFile {
                values[setting.key] = (value, .file(path))
            } else if let value = setting.defaultValue {
                values[setting.key] = (value, .builtIn)
            }
        }
        if let unknown = fileValues.keys.sorted().first(where: { key in !Settings.all.contains { $0.key == key } }) {
            throw ConfigurationError("The configuration file \(configFile ?? "") names an unknown setting '\(unknown)'. Known settings: \(Settings.all.map(\.key).joined(separator: ", ")).")
        }
    }

    subscript(_ setting: Setting) -> String? { values[setting.key]?.value }

    func source(of setting: Setting) -> Source? { values[setting.key]?.source }

    /// The settings as `approvals config` prints them, secrets masked.
    func describe() -> String {
        Settings.all.map { setting in
            guard let (value, source) = values[setting.key] else { return "\(setting.key) = (not set)" }
            let shown = setting.isSecret ? "(secret, \(value.count) characters)" : value
            return "\(setting.key) = \(shown)    [\(source)]"
        }.joined(separator: "\n")
    }

    static func readFile(_ path: String) throws(ConfigurationError) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigurationError("The configuration file \(path) cannot be read. Check the path and its permissions.")
        }
        var result: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("Line \(number + 1) of \(path) is not of the form key = value.")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            result[key] = value
        }
        return result
    }
}

/// A setting that cannot be used, with what to do about it.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
