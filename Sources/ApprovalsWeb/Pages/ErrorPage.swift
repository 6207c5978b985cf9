import HTTPServer

/// The page a person sees when something goes wrong: a heading in plain words, what to do next, and
/// the request id to quote. Never any internal detail.
struct ErrorPage: Sendable {
    let pages: PageRenderer

    var renderer: ErrorRenderer {
        let pages = self.pages
        return ErrorRenderer { failure, request in
            let heading = switch failure.status.code {
            case 404: "Page not found"
            case 403: "You cannot do that"
            case 400, 413, 414, 431: "There is a problem with the request"
            case 405: "That action is not available here"
            case 503: "Sorry, the service is busy"
            case 500...: "Sorry, there is a problem with the service"
            default: failure.status.reasonPhrase
            }
            let context: [String: String] = [
                "heading": heading, "message": failure.message, "requestID": request.requestID,
            ]
            let html = (try? pages.render("error", context)) ?? "<!DOCTYPE html><title>\(failure.status.code)</title><h1>\(failure.status.code)</h1>"
            var response = HTTPResponse.html(html, status: failure.status)
            for field in failure.headers { response.headers.add(field.name, field.value) }
            return response
        }
    }
}
