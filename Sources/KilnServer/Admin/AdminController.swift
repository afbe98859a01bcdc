import HTTPTypes
import Hummingbird
import KilnCore
import KilnDomain
import Mustache

/// `/admin`: the operators' page. The page itself holds no data: it is rendered here with what the
/// server knows (the statuses, types and upload endpoints to offer), and its script asks the API
/// for everything else with the admin token the operator pasted, kept in sessionStorage only.
struct AdminController: Sendable {
    let page: String
    /// No inline script or style, and nothing from other origins than Kiln's own and its public URL
    /// (where file objects point): a file's name or alt text shown on the page can never run as code.
    let policy: String

    init(publicURL: String) throws {
        page = try MustacheTemplate(string: AdminPage.template).render(AdminPage.Context())
        let media = "'self' \(AdminController.origin(of: publicURL)) data: blob:"
        policy = "default-src 'self'; img-src \(media); media-src \(media); object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'"
    }

    /// `scheme://host[:port]` of a URL.
    static func origin(of url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "" }
        let rest = url[schemeEnd.upperBound...]
        return String(url[..<schemeEnd.upperBound]) + rest.prefix { $0 != "/" }
    }

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        let (page, policy) = (self.page, self.policy)
        routes.get("/admin") { _, _ in
            Self.answer(page, type: "text/html; charset=utf-8", policy: policy)
        }
        routes.get("/admin/admin.js") { _, _ in
            Self.answer(AdminPage.script, type: "text/javascript; charset=utf-8")
        }
        routes.get("/admin/admin.css") { _, _ in
            Self.answer(AdminPage.style, type: "text/css; charset=utf-8")
        }
        return routes
    }

    private static func answer(_ text: String, type: String, policy: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"]
        if let policy {
            headers[.contentSecurityPolicy] = policy
            headers[.referrerPolicy] = "no-referrer"
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

extension HTTPField.Name {
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
