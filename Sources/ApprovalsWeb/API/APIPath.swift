import HTTPServer

/// Whether a request is for the API, judged the way the router reads paths: by the first segment,
/// percent-decoded. `/%61pi/v1/cycles` reaches the API's routes, so it must also get the API's
/// rules (bearer tokens only, GET and HEAD only, errors as problem+json), never the pages'.
enum APIPath {
    static func contains(_ path: String) -> Bool {
        guard let first = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first else { return false }
        // A segment that does not decode is not `api` to the router either (it answers 400), but
        // its error should still look like the API's when the prefix is plainly the API's.
        let decoded = (try? PercentDecoding.decode(first)) ?? String(first)
        return decoded == "api"
    }

    /// The same test on a request target as sent (origin or absolute form), for answers the server
    /// makes before any route is known.
    static func containsTarget(_ target: String) -> Bool {
        contains(RequestHead(method: .get, target: target).path)
    }
}
