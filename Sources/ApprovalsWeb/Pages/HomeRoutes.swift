import Approvals
import HTTPServer

/// The start page of the service. Signed-in people go straight to where their work is: awarding
/// organisations' users to `/organisation`, the Institute's staff to `/institute`; anonymous
/// visitors see the start page.
struct HomeRoutes: Sendable {
    let pages: PageRenderer

    func register(on router: inout Router) {
        let pages = self.pages
        router.get("/") { request in
            if let actor = request.storage[VisitKey.self]?.actor, !actor.isAPIClient {
                if actor.organisationID != nil, actor.roles.contains(where: \.actsForAwardingOrganisation) {
                    return SignInRedirect.redirect(to: "/organisation")
                }
                if actor.has(.reviewer) || actor.has(.approver) || actor.has(.admin) {
                    return SignInRedirect.redirect(to: "/institute")
                }
            }
            return try .html(pages.render("home", [String: String]()))
        }
    }
}
