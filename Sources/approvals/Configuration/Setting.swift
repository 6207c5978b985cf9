/// One setting of the service, as an operator knows it: its key in a configuration file, its
/// environment variable, its flag, its default, and whether its value is secret (never printed).
struct Setting: Sendable {
    let key: String
    let help: String
    let defaultValue: String?
    let isSecret: Bool

    init(_ key: String, default defaultValue: String? = nil, secret: Bool = false, help: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.help = help
    }

    /// `data-dir` is read from `APPROVALS_DATA_DIR`.
    var environmentVariable: String {
        "APPROVALS_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    var flag: String { "--" + key }
}

/// Every setting the server reads, in the order `approvals config` prints them.
enum Settings {
    static let host = Setting("host", default: "127.0.0.1", help: "Address to listen on")
    static let port = Setting("port", default: "8080", help: "TCP port to listen on")
    static let data = Setting("data", default: "./data", help: "Data folder: the database and the documents")
    static let publicFolder = Setting("public", default: "./Public", help: "Folder of static files served at /")
    static let migrations = Setting("migrations", help: "Folder of the schema migrations (default: ./Migrations, or one above the executable)")
    static let clockStart = Setting("clock-start", help: "Start the service clock at this ISO 8601 instant (tests and demonstrations only)")
    static let logLevel = Setting("log-level", default: "info", help: "trace, debug, info, notice, warning, error or critical")
    static let workers = Setting("workers", help: "Handler threads (default: 16 per core, at least 32)")
    static let maxConnections = Setting("max-connections", default: "20000", help: "Open connections at most")
    static let uploadLimitMB = Setting("upload-limit-mb", default: "100", help: "Largest evidence file accepted, in MB")

    static let secureCookies = Setting("secure-cookies", default: "false", help: "Mark session cookies Secure (true when served over HTTPS, directly or behind a TLS proxy)")
    static let adminSecondFactor = Setting("admin-second-factor", default: "false", help: "Require administrators to sign in with a one-time code from an authenticator app")
    static let sessionIdleMinutes = Setting("session-idle-minutes", default: "30", help: "A session unused this many minutes ends")
    static let sessionHours = Setting("session-hours", default: "12", help: "A session ends this many hours after sign-in")
    static let publicURL = Setting("public-url", help: "The address people reach the service at, for links in messages (default: the listening address; never the request's Host)")

    static let tlsCert = Setting("tls-cert", help: "PEM certificate chain (leaf first): with tls-key, serve HTTPS directly")
    static let tlsKey = Setting("tls-key", help: "PEM private key of tls-cert")
    static let logFormat = Setting("log-format", default: "json", help: "json (one JSON object per line, for collectors) or text")
    static let trustedProxies = Setting("trusted-proxies", help: "Comma-separated proxy addresses whose X-Forwarded-For and X-Forwarded-Proto are believed")
    static let metricsAllow = Setting("metrics-allow", default: "loopback", help: "Comma-separated client addresses that may read /metrics (loopback = 127.0.0.1 and ::1)")
    static let metricsToken = Setting("metrics-token", secret: true, help: "Bearer token that opens /metrics from any address")
    static let readyMinFreeMB = Setting("ready-min-free-mb", default: "512", help: "/readyz answers 503 below this much free disk in the data folder, in MB")
    static let apiRate = Setting("api-rate", default: "20", help: "API requests a second each token may make on average")
    static let apiBurst = Setting("api-burst", help: "API requests each token may make at once (default: 5 times api-rate, at least 100)")


    static let all: [Setting] = [host, port, data, publicFolder, migrations, clockStart, logLevel, logFormat, workers, maxConnections,
                                 uploadLimitMB, secureCookies, adminSecondFactor, sessionIdleMinutes, sessionHours, publicURL,
                                 tlsCert, tlsKey, trustedProxies, metricsAllow, metricsToken, readyMinFreeMB, apiRate, apiBurst]
}
