import Foundation
import HTTPServer

/// The API's OpenAPI 3.1 document (`openapi.json`, a resource of this module, served as is at
/// `/api/v1/openapi.json`) and the reference page for people at `/api/v1/docs`, rendered from the
/// same document so the two cannot disagree. Both are public: knowing the shape of the API grants
/// nothing without a token.
struct APIReference: Sendable {
    let bytes: [UInt8]
    let page: String

    static func load(pages: PageRenderer) throws -> APIReference {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw PageRendererError.templatesMissing
        }
        let data = try Data(contentsOf: url)
        let document = try JSONDecoder().decode(OpenAPISummary.self, from: data)
        return APIReference(bytes: Array(data), page: try pages.render("api-reference", document.pageContext))
    }

    func register(on routes: inout GuardedRoutes) {
        let bytes = self.bytes, page = self.page
        routes.router.get("/api/v1/openapi.json") { request in
            APIRepresentation.conditional(bytes, contentType: "application/json", for: request)
        }
        routes.router.get("/api/v1/docs") { request in
            APIRepresentation.conditional(Array(page.utf8), contentType: "text/html; charset=utf-8", for: request)
        }
        routes.declarePublic("/api/v1/openapi.json", "/api/v1/docs")
    }
}

/// The parts of the OpenAPI document the reference page shows.
struct OpenAPISummary: Decodable {
    struct Info: Decodable { let title: String; let description: String; let version: String }
    struct Operation: Decodable {
        let summary: String
        let parameters: [Parameter]?
        let responses: [String: Response]
    }
    struct Parameter: Decodable { let name: String; let `in`: String; let description: String? }
    struct Response: Decodable { let description: String }
    let info: Info
    let paths: [String: [String: Operation]]

    var pageContext: [String: Any] {
        let operations: [[String: Any]] = paths.keys.sorted().compactMap { path in
            guard let get = paths[path]?["get"] else { return nil }
            return [
                "path": path, "summary": get.summary,
                "parameters": (get.parameters ?? []).map { ["name": $0.name, "in": $0.in, "description": $0.description ?? ""] },
                "hasParameters": !(get.parameters ?? []).isEmpty,
                "responses": get.responses.keys.sorted().map { ["status": $0, "description": get.responses[$0]?.description ?? ""] },
            ]
        }
        return ["title": info.title, "description": info.description, "version": info.version, "operations": operations]
    }
}
