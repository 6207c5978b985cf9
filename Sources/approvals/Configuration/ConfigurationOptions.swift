import ArgumentParser
import Foundation

/// The flags shared by `serve` and `config`: each is optional, so that an unset flag leaves the
/// environment, the file or the default to decide.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "A configuration file of `key = value` lines.") var config: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "TCP port (default 8080).") var port: String?
    @Option(help: "Data folder (default ./data).") var data: String?
    @Option(name: .customLong("public"), help: "Static files folder (default ./Public).") var publicFolder: String?
    @Option(help: "Migrations folder (default ./Migrations, or one above the executable).") var migrations: String?
    @Option(help: "Start the service clock at this ISO 8601 instant, then let it run (tests and demonstrations).") var clockStart: String?
    @Option(help: "Log level (default info).") var logLevel: String?
    @Option(help: "Handler threads (default 16 per core, at least 32).") var workers: String?
    @Option(help: "Open connections at most (default 20000).") var maxConnections: String?
    @Option(help: "Largest evidence file, in MB (default 100).") var uploadLimitMb: String?
    @Option(help: "PEM certificate chain; with --tls-key the server speaks HTTPS itself.") var tlsCert: String?
    @Option(help: "PEM private key for --tls-cert.") var tlsKey: String?
    @Option(help: "Log format: json or text (default json).") var logFormat: String?
    @Option(help: "Comma-separated proxy addresses whose X-Forwarded-* headers are believed (default none).") var trustedProxies: String?
    @Option(help: "Comma-separated addresses that may read /metrics (default loopback).") var metricsAllow: String?
    @Option(help: "Bearer token that opens /metrics from anywhere (prefer APPROVALS_METRICS_TOKEN: flags show in ps).") var metricsToken: String?
    @Option(help: "Free disk below which /readyz answers 503, in MB (default 512).") var readyMinFreeMb: String?
    @Option(help: "API requests a second per token, on average (default 20).") var apiRate: String?
    @Option(help: "API requests per token at once (default 5 times --api-rate, at least 100).") var apiBurst: String?

    var flags: [String: String] {
        var result: [String: String] = [:]
        let pairs: [(Setting, String?)] = [
            (Settings.host, host), (Settings.port, port), (Settings.data, data), (Settings.publicFolder, publicFolder),
            (Settings.migrations, migrations), (Settings.clockStart, clockStart), (Settings.logLevel, logLevel),
            (Settings.workers, workers), (Settings.maxConnections, maxConnections), (Settings.uploadLimitMB, uploadLimitMb),
            (Settings.tlsCert, tlsCert), (Settings.tlsKey, tlsKey), (Settings.logFormat, logFormat), (Settings.trustedProxies, trustedProxies), (Settings.metricsAllow, metricsAllow),
            (Settings.metricsToken, metricsToken), (Settings.readyMinFreeMB, readyMinFreeMb),
            (Settings.apiRate, apiRate), (Settings.apiBurst, apiBurst),
        ]
        for (setting, value) in pairs { if let value { result[setting.key] = value } }
        return result
    }

    func resolve() throws -> EffectiveConfiguration {
        do {
            return try EffectiveConfiguration(flags: flags, environment: ProcessInfo.processInfo.environment, configFile: config)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
