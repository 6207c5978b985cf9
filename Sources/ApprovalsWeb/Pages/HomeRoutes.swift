import HTTPServer

/// The start page of the service.
struct HomeRoutes: Sendable {
    let pages: PageRenderer

    func register(on router: inout Router) {
        let pages = self.pages
        router.get("/") { _ in
            try .html(pages.render("home", [String: String]()))
        }
    }
}
