/// One level of the router's trie: children by literal segment, at most one parameter child, an
/// optional wildcard end, and the routes (by method) whose pattern ends here.
///
/// Matching prefers a literal segment to a parameter, and a parameter to a wildcard, and backs up
/// when a preferred branch leads nowhere, so `/a/new` and `/a/:id` can live side by side.
struct RouteNode: Sendable {
    var literals: [String: RouteNode] = [:]
    var parameterName: String?
    /// Holds at most one node; an array gives this recursive struct the indirection it needs.
    var parameterChild: [RouteNode] = []
    var wildcardName: String?
    var wildcardRoutes: [HTTPMethod: Route] = [:]
    var routes: [HTTPMethod: Route] = [:]

    mutating func insert(_ route: Route, segments: ArraySlice<RoutePattern.Segment>) {
        guard let segment = segments.first else {
            precondition(routes[route.method] == nil, "route \(route.method) \(route.pattern) is declared twice")
            routes[route.method] = route
            return
        }
        let rest = segments.dropFirst()
        switch segment {
        case .literal(let text):
            literals[text, default: RouteNode()].insert(route, segments: rest)
        case .parameter(let name):
            precondition(
                parameterName == nil || parameterName == name,
                "route \(route.pattern) names a parameter :\(name) where another route has :\(parameterName ?? "")")
            parameterName = name
            if parameterChild.isEmpty { parameterChild = [RouteNode()] }
            parameterChild[0].insert(route, segments: rest)
        case .wildcard(let name):
            precondition(
                wildcardRoutes[route.method] == nil, "route \(route.method) \(route.pattern) is declared twice")
            precondition(
                wildcardName == nil || wildcardName == name,
                "route \(route.pattern) names its wildcard differently from another route")
            wildcardName = name
            wildcardRoutes[route.method] = route
        }
    }

    /// Every set of routes whose pattern matches `segments`, best match first, each with the
    /// parameters it captured.
    func matches(
        _ segments: ArraySlice<String>, parameters: [String: String], into results: inout [RouteCandidate]
    ) {
        guard let segment = segments.first else {
            if !routes.isEmpty { results.append(RouteCandidate(routes: routes, parameters: parameters)) }
            if let wildcardName, !wildcardRoutes.isEmpty {
                var captured = parameters
                captured[wildcardName] = ""
                results.append(RouteCandidate(routes: wildcardRoutes, parameters: captured))
            }
            return
        }
        let rest = segments.dropFirst()
        if let literal = literals[segment] {
            literal.matches(rest, parameters: parameters, into: &results)
        }
        if let parameterName, let child = parameterChild.first {
            var captured = parameters
            captured[parameterName] = segment
            child.matches(rest, parameters: captured, into: &results)
        }
        if let wildcardName, !wildcardRoutes.isEmpty {
            var captured = parameters
            captured[wildcardName] = segments.joined(separator: "/")
            results.append(RouteCandidate(routes: wildcardRoutes, parameters: captured))
        }
    }
}

/// Routes whose pattern matched a path, by method, with the captured parameters.
struct RouteCandidate {
    var routes: [HTTPMethod: Route]
    var parameters: [String: String]
}
