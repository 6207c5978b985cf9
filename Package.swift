// swift-tools-version:6.1
import PackageDescription

// Strict settings for every target of ours: Swift 6 language mode (the default for tools 6.x),
// existential `any` spelled out, and upcoming features that make concurrency mistakes errors.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "approvals",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "approvals", targets: ["approvals"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The system's OpenSSL (libssl-dev): hashing, random identifiers, password hashing, TLS.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Linux calls missing from Swift's Glibc module (epoll, eventfd, sendfile, accept4).
        .systemLibrary(name: "CLinuxIO"),
        // The multipart delimiter search, with AVX2 where the processor has it (a header of C).
        .systemLibrary(name: "CSubstringSearch"),
        // Two uploads' SHA-256 at once with the SHA extensions, on OpenSSL's state (a header of C).
        .systemLibrary(name: "CSHA256Pair"),
        // SHA-256 through OpenSSL, for the server's uploads and the store's documents and audit chain.
        .target(name: "ContentHash", dependencies: ["COpenSSL", "CSHA256Pair"], swiftSettings: strict),
        // Our own HTTP/1.1 server on POSIX sockets and epoll. Knows nothing of approvals.
        .target(
            name: "HTTPServer",
            dependencies: ["CLinuxIO", "CSubstringSearch", "COpenSSL", "ContentHash", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // The domain: records, states, transitions, windows, rules. Pure Swift, no I/O, no clock.
        .target(name: "Approvals", swiftSettings: strict),
        // Persistence in SQLite through GRDB, documents on disk by SHA-256, the audit chain.
        .target(
            name: "ApprovalsStore",
            dependencies: [
                "Approvals", "COpenSSL", "ContentHash",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the API's JSON written straight from the row a statement is on.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Pages for people, JSON for DfE and Ofqual, sign-in, CSRF, uploads.
        .target(
            name: "ApprovalsWeb",
            dependencies: [
                "Approvals", "ApprovalsStore", "HTTPServer", "COpenSSL",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("API/openapi.json")],
            swiftSettings: strict
        ),
        // The command line: serve, migrate, demo-data, and the operators' commands.
        .executableTarget(
            name: "approvals",
            dependencies: [
                "ApprovalsWeb", "ApprovalsStore", "Approvals", "HTTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The store's benchmark (run by hand in release): transitions and 50-row pages per second
        // through ApprovalsStore against raw SQLite statements doing the same work.
        .executableTarget(
            name: "StoreBenchmark",
            dependencies: ["ApprovalsStore", "Approvals", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/StoreBenchmark",
            swiftSettings: strict
        ),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strict),
        .testTarget(
            name: "ApprovalsWebTests",
            dependencies: ["ApprovalsWeb", "ApprovalsStore", "HTTPServer", "ContentHash", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "ApprovalsTests", dependencies: ["Approvals"], swiftSettings: strict),
        .testTarget(name: "ContentHashTests", dependencies: ["ContentHash", "CSHA256Pair"], swiftSettings: strict),
        // The executable's settings: precedence, checks and their messages.
        .testTarget(name: "ApprovalsCommandTests", dependencies: ["approvals"], swiftSettings: strict),
        .testTarget(
            name: "ApprovalsStoreTests",
            dependencies: ["ApprovalsStore", "Approvals", "ContentHash", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
    ]
)
