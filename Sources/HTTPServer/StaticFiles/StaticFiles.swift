/// Serves the files below a root folder (normally `Public/`) at the same path: `Public/assets/app.css`
/// is `/assets/app.css`. Set it as `router.staticFiles` and GET and HEAD requests that match no
/// route are answered from it.
///
/// Each file is answered with its Content-Type (by extension), a strong ETag (from inode, size and
/// modification time, see `EntityTag`), Last-Modified and Cache-Control; `If-None-Match` or, without
/// it, `If-Modified-Since` gives 304; one `Range: bytes=…` gives 206 (several ranges give the whole
/// file, 200; a range past the end gives 416); `If-Range` that does not match gives the whole file.
/// Bodies are sent by the server with `sendfile`. Paths are checked by `StaticFilePath`: nothing
/// outside the root, by `..`, encoded forms or symbolic links, is ever served.
public struct StaticFiles: Sendable {
    /// Why the static root cannot be used.
    public enum ConfigurationError: Error, Equatable {
        case rootNotADirectory(String)
    }

    /// Cache-Control for the files below a path prefix.
    public struct CacheRule: Sendable, Equatable {
        public var pathPrefix: String
        public var cacheControl: String

        public init(pathPrefix: String, cacheControl: String) {
            self.pathPrefix = pathPrefix
            self.cacheControl = cacheControl
        }
    }

    /// The root's real path (symbolic links resolved).
    public let root: String
    /// The first rule whose prefix starts the request path applies.
    public var cacheRules: [CacheRule]
    /// Cache-Control when no rule applies.
    public var defaultCacheControl: String
    /// Names starting with a dot that may be served; every other hidden file or folder is refused.
    public var allowedHiddenNames: Set<String>

    /// Static files are answered on the event loop (a `stat` and a `sendfile`), and take no body.
    static let bodyPolicy = BodyPolicy(maxBodyBytes: 0, runsInline: true)

    /// - Parameters:
    ///   - cacheRules: by default a year for `/assets/` (whose files should change name when their
    ///     content changes), and revalidation with the ETag for everything else.
    public init(
        root: String,
        cacheRules: [CacheRule] = [CacheRule(pathPrefix: "/assets/", cacheControl: "public, max-age=31536000")],
        defaultCacheControl: String = "no-cache",
        allowedHiddenNames: Set<String> = [".well-known"]
    ) throws(ConfigurationError) {
        guard let real = StaticFilePath.realRoot(root) else { throw .rootNotADirectory(root) }
        self.root = real
        self.cacheRules = cacheRules
        self.defaultCacheControl = defaultCacheControl
        self.allowedHiddenNames = allowedHiddenNames
    }

    /// Answers a GET or HEAD request for `request.path`.
    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        let file: StaticFilePath
        do {
            file = try StaticFilePath.resolve(
                requestPath: request.path, root: root, allowedHiddenNames: allowedHiddenNames)
        } catch .badEncoding {
            throw RoutingError.invalidPath
        } catch {
            throw RoutingError.notFound
        }
        let size = Int(file.info.st_size)
        let modifiedSeconds = Int(file.info.st_mtim.tv_sec)
        let tag = EntityTag.forFile(
            inode: UInt64(file.info.st_ino), size: size,
            modifiedNanoseconds: modifiedSeconds * 1_000_000_000 + Int(file.info.st_mtim.tv_nsec))
        var headers: HTTPHeaders = [
            "ETag": tag,
            "Last-Modified": IMFFixdate.format(secondsSince1970: modifiedSeconds),
            "Cache-Control": cacheControl(for: request.path),
        ]
        if isNotModified(request.headers, tag: tag, modifiedSeconds: modifiedSeconds) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", MediaTypes.contentType(forFileNamed: file.path))
        headers.add("Accept-Ranges", "bytes")
        var range = ByteRangeRequest(header: request.headers.first("Range"), length: size)
        if let ifRange = request.headers.first("If-Range"), !ifRangeMatches(ifRange, tag: tag, modifiedSeconds: modifiedSeconds) {
            range = .whole
        }
        switch range {
        case .whole:
            return HTTPResponse(status: .ok, headers: headers, body: .file(FileRegion(path: file.path)))
        case .partial(let bytes):
            headers.add("Content-Range", "bytes \(bytes.lowerBound)-\(bytes.upperBound - 1)/\(size)")
            return HTTPResponse(
                status: .partialContent, headers: headers, body: .file(FileRegion(path: file.path, range: bytes)))
        case .unsatisfiable:
            headers.remove("Content-Type")
            headers.add("Content-Range", "bytes */\(size)")
            return HTTPResponse(status: .rangeNotSatisfiable, headers: headers)
        }
    }

    func cacheControl(for path: String) -> String {
        cacheRules.first { path.hasPrefix($0.pathPrefix) }?.cacheControl ?? defaultCacheControl
    }

    /// RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since.
    func isNotModified(_ headers: HTTPHeaders, tag: String, modifiedSeconds: Int) -> Bool {
        if headers.contains("If-None-Match") {
            return headers.values("If-None-Match").contains { EntityTag.noneMatchHits($0, tag: tag) }
        }
        if let since = headers.first("If-Modified-Since").flatMap(IMFFixdate.parse) {
            return modifiedSeconds <= since
        }
        return false
    }

    /// If-Range holds a strong ETag (compared strongly) or a date (equal to Last-Modified).
    func ifRangeMatches(_ value: String, tag: String, modifiedSeconds: Int) -> Bool {
        if value.hasPrefix("\"") { return value == tag }
        if let date = IMFFixdate.parse(value) { return date == modifiedSeconds }
        return false
    }
}
