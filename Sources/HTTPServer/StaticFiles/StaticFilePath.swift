import Glibc

/// Maps a request path to a file below the static root, or refuses it. The only way to reach a file
/// is by the names of the directories and the file below the root:
///
/// - each segment is strictly percent-decoded once (a bad escape is refused);
/// - a segment that decodes to `.` or `..`, starts with `.` (no hidden files such as `.env`; names
///   in `allowedHiddenNames`, such as `.well-known`, excepted), or
///   contains `/`, `\`, `%` (so double encoding like `%252e` cannot turn into anything), NUL or
///   another control character is refused; so is an empty segment (`//`);
/// - if any component is a symbolic link, the joined path is resolved with `realpath`, which follows
///   every link, and must still lie below the root's own real path; the result must be a regular file.
struct StaticFilePath {
    /// Why a path was refused; all of these are answered 404 except a bad encoding (400).
    enum Refusal: Error, Equatable {
        case badEncoding
        case forbiddenSegment
        case notFound
        case outsideRoot
    }

    /// The file's real path (symbolic links resolved) and its metadata.
    let path: String
    let info: stat

    static func resolve(
        requestPath: String, root: String, allowedHiddenNames: Set<String> = []
    ) throws(Refusal) -> StaticFilePath {
        var segments = requestPath.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if segments.last == "" { segments = segments.dropLast() }  // a trailing slash names a directory
        guard requestPath.hasPrefix("/"), !segments.isEmpty else { throw .notFound }
        var decoded: [String] = []
        for raw in segments {
            guard !raw.isEmpty else { throw .forbiddenSegment }
            let segment: String
            do {
                segment = try PercentDecoding.decode(raw)
            } catch {
                throw .badEncoding
            }
            guard !segment.hasPrefix(".") || allowedHiddenNames.contains(segment), segment != ".", segment != "..",
                !segment.unicodeScalars.contains(where: { $0 == "/" || $0 == "\\" || $0 == "%" || $0.value < 0x20 || $0.value == 0x7F })
            else { throw .forbiddenSegment }
            decoded.append(segment)
        }
        // The root is already a real path and no segment can climb out, so only a symbolic link can
        // lead elsewhere: look at each component without following links (one lstat each, instead of
        // realpath's readlink of every component from /), and resolve fully only if one is a link.
        var path = root
        var info = stat()
        for segment in decoded {
            path += "/" + segment
            guard lstat(path, &info) == 0 else { throw .notFound }
            if (info.st_mode & S_IFMT) == S_IFLNK { return try resolveThroughLinks(path: root + "/" + decoded.joined(separator: "/"), root: root) }
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notFound }
        return StaticFilePath(path: path, info: info)
    }

    /// The slow path when a symbolic link is on the way: follow every link, then insist on the root.
    private static func resolveThroughLinks(path joined: String, root: String) throws(Refusal) -> StaticFilePath {
        guard let real = realpath(joined, nil) else { throw .notFound }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved.hasPrefix(root + "/") else { throw .outsideRoot }
        var info = stat()
        guard stat(resolved, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw .notFound }
        return StaticFilePath(path: resolved, info: info)
    }

    /// The real path of the root directory, which must exist.
    static func realRoot(_ root: String) -> String? {
        guard let real = realpath(root, nil) else { return nil }
        defer { free(real) }
        var info = stat()
        let path = String(cString: real)
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return path
    }
}
