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

    /// Recent answers about files, shared by copies of this value (see `StaticFileCache`).
    let cache: StaticFileCache

    /// Static files are answered on the event loop (a `stat` and a `sendfile`), and take no body.
    static let bodyPolicy = BodyPolicy(maxBodyBytes: 0, runsInline: true)

    /// - Parameters:
    ///   - cacheRules: by default a year for `/assets/` (whose files should change name when their
    ///     content changes), and revalidation with the ETag for everything else.
    ///   - revalidationInterval: how long what was learned about a file is trusted before its path is
    ///     walked and its identity compared again; a changed file is served afresh within it.
    ///   - maxCachedFileBytes: files up to this size are kept in memory and sent from there with their
    ///     head in one write; larger ones are sent with `sendfile`.
    public init(
        root: String,
        cacheRules: [CacheRule] = [CacheRule(pathPrefix: "/assets/", cacheControl: "public, max-age=31536000")],
        defaultCacheControl: String = "no-cache",
        allowedHiddenNames: Set<String> = [".well-known"],
        revalidationInterval: Duration = .seconds(1),
        maxCachedFileBytes: Int = 64 * 1024
    ) throws(ConfigurationError) {
        guard let real = StaticFilePath.realRoot(root) else { throw .rootNotADirectory(root) }
        self.root = real
        self.cacheRules = cacheRules
        self.defaultCacheControl = defaultCacheControl
        self.allowedHiddenNames = allowedHiddenNames
        self.cache = StaticFileCache(revalidationInterval: revalidationInterval, maxCachedFileBytes: maxCachedFileBytes)
    }

    /// Answers a GET or HEAD request for `request.path`.
    public func respond(to request: HTTPRequest) throws -> HTTPResponse {
        let file = try entry(for: request.path)
        let size = file.identity.size
        let tag = file.tag
        var headers: HTTPHeaders = [
            "ETag": tag,
            "Last-Modified": file.lastModified,
            "Cache-Control": cacheControl(for: request.path),
        ]
        if isNotModified(request.headers, tag: tag, modifiedSeconds: file.modifiedSeconds) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        headers.add("Content-Type", file.contentType)
        headers.add("Accept-Ranges", "bytes")
        var range = ByteRangeRequest(header: request.headers.first("Range"), length: size)
        if let ifRange = request.headers.first("If-Range"), !ifRangeMatches(ifRange, tag: tag, modifiedSeconds: file.modifiedSeconds) {
            range = .whole
        }
        switch range {
        case .whole:
            // The range of a file sent from disk is the size its validators describe, so a file that
            // grew since is not sent longer than its Content-Length.
            let body: ResponseBody = file.bytes.map { .bytes($0) } ?? .file(FileRegion(path: file.path, range: 0..<size))
            return HTTPResponse(status: .ok, headers: headers, body: body)
        case .partial(let bytes):
            headers.add("Content-Range", "bytes \(bytes.lowerBound)-\(bytes.upperBound - 1)/\(size)")
            let body: ResponseBody = file.bytes.map { .bytes(Array($0[bytes])) } ?? .file(FileRegion(path: file.path, range: bytes))
            return HTTPResponse(status: .partialContent, headers: headers, body: body)
        case .unsatisfiable:
            headers.remove("Content-Type")
            headers.add("Content-Range", "bytes */\(size)")
            return HTTPResponse(status: .rangeNotSatisfiable, headers: headers)
        }
    }

    /// What is known of the file at `requestPath`: from the cache while fresh, else from the path
    /// walked again with every check of `StaticFilePath`.
    func entry(for requestPath: String) throws -> StaticFileCache.Entry {
        let now = MonotonicClock.now()
        if let fresh = cache.fresh(requestPath, now: now) { return fresh }
        let file: StaticFilePath
        do {
            file = try StaticFilePath.resolve(
                requestPath: requestPath, root: root, allowedHiddenNames: allowedHiddenNames)
        } catch .badEncoding {
            throw RoutingError.invalidPath
        } catch {
            throw RoutingError.notFound
        }
        let make = { (file: StaticFilePath, bytes: [UInt8]?) -> StaticFileCache.Entry in
            let identity = StaticFileCache.Identity(file.info)
            let modifiedSeconds = Int(file.info.st_mtim.tv_sec)
            return StaticFileCache.Entry(
                path: file.path, identity: identity,
                tag: EntityTag.forFile(inode: identity.inode, size: identity.size, modifiedNanoseconds: identity.modifiedNanoseconds),
                lastModified: IMFFixdate.format(secondsSince1970: modifiedSeconds), modifiedSeconds: modifiedSeconds,
                contentType: MediaTypes.contentType(forFileNamed: file.path), bytes: bytes, checkedAt: now)
        }
        // Nothing cached (the file changed while being read): answer from this walk, sent from disk.
        return cache.refresh(requestPath, file: file, now: now, make: make) ?? make(file, nil)
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
