import Foundation
import Hummingbird
import KilnCore
import KilnDomain

/// Upload, read, change and delete file objects.
struct FileController: Sendable {
    let library: FileLibrary
    let presenter: FilePresenter
    let intake: UploadIntake

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.post("/api/v4/files") { request, context in
            try Response.json([try await upload(request, context: context, via: .files)])
        }
        routes.post("/api/v3/files") { request, context in
            try Response.json(SuccessEnvelope(data: [try await upload(request, context: context, via: .files)]))
        }
        routes.post("/api/v4/images") { request, context in
            try Response.json([try await upload(request, context: context, via: .images)])
        }
        routes.post("/api/v4/videos") { request, context in
            try Response.json([try await upload(request, context: context, via: .videos)])
        }
        routes.post("/api/v4/clips") { request, context in
            try Response.json([try await upload(request, context: context, via: .clips)])
        }
        routes.get("/api/v3/files/:fileId") { request, context in
            try await show(request, context: context)
        }
        routes.put("/api/v3/files/:fileId") { request, context in
            try await update(request, context: context)
        }
        routes.delete("/api/v3/files/:fileId") { request, context in
            let id = try context.parameters.fileID()
            try await library.delete(id, by: try context.caller())
            return try Response.json(SuccessEnvelope(data: ["fileId": id.rawValue]))
        }
        return routes
    }

    private func upload(_ request: Request, context: KilnRequestContext, via endpoint: UploadEndpoint) async throws(APIError)
        -> FileObject
    {
        let uploader: Identity
        do {
            uploader = try context.caller()
        } catch {
            throw error.closingConnection()
        }
        return presenter.object(for: try await intake.receive(request, from: uploader, via: endpoint), to: .managers)
    }

    /// Public files are readable by anyone; a network file's object (with its signed URL) needs a
    /// token. A deleted file is 410 and shows nothing of itself.
    private func show(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let file = try await library.liveFile(try context.parameters.fileID())
        if file.accessType == .network { _ = try context.caller() }
        return try Response.json(presenter.object(for: file, to: FileAudience(of: file, caller: context.identity)))
    }

    private func update(_ request: Request, context: KilnRequestContext) async throws -> Response {
        let id = try context.parameters.fileID()
        let caller = try context.caller()
        let changes: FileChanges
        do {
            changes = try FileChanges(json: try await request.jsonObject(context: context))
        } catch let violation as RuleViolation {
            throw APIError.badRequest(violation.message)
        }
        let updated = try await library.update(id, by: caller) { changes.apply(to: &$0) }
        return try Response.json(presenter.object(for: updated, to: .managers))
    }
}

/// The fields a PUT may change. An absent key leaves a value alone; `altText: null` clears it.
struct FileChanges: Sendable {
    var altText: String??
    var accessType: AccessType?
    var metadata: [String: JSONValue]?

    init(json object: [String: JSONValue]) throws(RuleViolation) {
        switch object["altText"] {
        case nil: break
        case .null: altText = .some(nil)
        case .string(let text): altText = .some(try FileRules.validatedAltText(text))
        default: throw RuleViolation("altText must be a string or null")
        }
        switch object["accessType"] {
        case nil: break
        case .string(let text): accessType = try FileRules.validatedAccessType(text)
        default: throw RuleViolation("accessType must be one of: public, network")
        }
        if let metadata = object["metadata"] { self.metadata = try FileRules.validatedMetadata(metadata) }
    }

    func apply(to file: inout StoredFile) {
        if let altText { file.altText = altText }
        if let accessType { file.accessType = accessType }
        if let metadata { file.customMetadata = metadata }
    }
}
