// The ApprovalsStore module: SQLite through GRDB, documents by SHA-256, the audit chain.
