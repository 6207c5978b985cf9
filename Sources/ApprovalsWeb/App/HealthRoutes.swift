import HTTPServer

/// `GET /healthz`: the process is up and answering. It runs on the event loop and touches nothing
/// else, so that a load balancer's probe never waits behind a busy worker pool.
enum HealthRoutes {
    static func register(on router: inout Router) {
        router.get("/healthz", inline: true) { _ in
            var response = HTTPResponse.text("ok")
            response.headers.replaceOrAdd("Cache-Control", "no-store")
            return response
        }
    }
}
