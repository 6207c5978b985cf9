public import Foundation

/// Finds the `Migrations` folder. The SQL files are not compiled into the binary, so that an operator
/// can read exactly what will run; the price is that the folder must be found at run time. In order:
/// 1. the folder given explicitly (`--migrations DIR`);
/// 2. the environment variable `APPROVALS_MIGRATIONS`;
/// 3. `Migrations/` in the current directory;
/// 4. `Migrations/` in a parent of the executable's folder (a build in `.build/debug/approvals`, or an
///    install such as `/app/bin/approvals` next to `/app/Migrations`);
/// 5. `Migrations/` at the package root this source file was compiled from (tests and development).
public enum MigrationsDirectory {
    public static func locate(explicit: URL? = nil) throws -> URL {
        var searched: [String] = []
        func accept(_ url: URL) -> Bool {
            searched.append(url.path)
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if let explicit {
            if accept(explicit) { return explicit }
            throw MigrationError.migrationsNotFound(searched: searched)
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["APPROVALS_MIGRATIONS"], !fromEnvironment.isEmpty {
            let url = URL(fileURLWithPath: fromEnvironment)
            if accept(url) { return url }
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Migrations")
        if accept(current) { return current }
        if let executable = executableURL() {
            var folder = executable.deletingLastPathComponent()
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("Migrations")
                if accept(candidate) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        // Sources/ApprovalsStore/Migrations/MigrationsDirectory.swift → package root.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let compiledFrom = packageRoot.appendingPathComponent("Migrations")
        if accept(compiledFrom) { return compiledFrom }
        throw MigrationError.migrationsNotFound(searched: searched)
    }

    private static func executableURL() -> URL? {
        // /proc/self/exe names the real binary even when started through a symbolic link or $PATH.
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: resolved)
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
