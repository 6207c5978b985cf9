public import Foundation
import Mustache

/// Renders the service's pages from the Mustache templates shipped with this module. Mustache is
/// logic-less and escapes every value by default, so a page cannot run what a user typed.
public struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    /// Loads every `*.mustache` file of `directory`, named by file name without the extension.
    public init(directory: URL) throws {
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".mustache") }
        for file in files.sorted() {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// The templates bundled with the module.
    public static func bundled() throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PageRendererError.templatesMissing
        }
        return try PageRenderer(directory: url)
    }

    /// The page `template` filled from `context` (a dictionary or a value read through reflection).
    public func render(_ template: String, _ context: Any) throws -> String {
        guard let html = library.render(context, withTemplate: template) else {
            throw PageRendererError.unknownTemplate(template)
        }
        return html
    }
}

/// A page that cannot be rendered: a fault of the deployment, never of the user.
public enum PageRendererError: Error, CustomStringConvertible {
    case templatesMissing
    case unknownTemplate(String)

    public var description: String {
        switch self {
        case .templatesMissing: "The page templates are missing from the installation."
        case .unknownTemplate(let name): "There is no page template named \(name)."
        }
    }
}
