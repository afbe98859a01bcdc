import Hummingbird
import KilnCore
import KilnStorage
import KilnDomain

/// The steps every upload takes, whichever API it came through: the endpoint's own limits, the
/// caller's fair use, the streamed body, the stored-bytes quota, then the library, which sniffs,
/// derives and records it. Counted in the upload metrics either way.
struct UploadIntake: Sendable {
    let library: FileLibrary
    let limits: UploadLimits
    let fairUse: FairUse

    /// Who owns an upload, decided once its form's fields are read.
    typealias Owner = @Sendable (ReceivedUpload) throws(APIError) -> Identity

    /// Stores the upload in `request`, made by `caller` and owned by whom `owner` names (the caller
    /// when nil; a server acting for a user its form names otherwise).
    func receive(_ request: Request, from caller: Identity, via endpoint: UploadEndpoint, owner: Owner? = nil)
        async throws(APIError) -> StoredFile
    {
        let stored: StoredFile
        do throws(APIError) {
            let reader = MultipartUploadReader(endpoint: endpoint, limits: limits, blobs: library.blobs, logger: library.logger)
            // The endpoint's own limits first: an upload they refuse is not the caller's fair use.
            let boundary = try reader.checkHead(of: request)
            // Per-user limits, before the body is read where the request says how large it is.
            let allowance: UploadAllowance
            do throws(APIError) {
                allowance = try await fairUse.admit(caller, declaredBytes: request.headers[.contentLength].flatMap(Int64.init))
            } catch {
                throw error.closingConnection()
            }
            defer { allowance.end() }
            let received = try await reader.read(request, boundary: boundary, metering: allowance)
            let uploader: Identity
            do throws(APIError) {
                uploader = try owner?(received) ?? caller
                try await allowance.checkStored(adding: received.size)
            } catch {
                await received.upload.abort()
                throw error
            }
            stored = try await library.store(received, from: uploader, via: endpoint)
        } catch {
            KilnMeasures.upload(type: endpoint.measuredType, outcome: error.status.code < 500 ? "refused" : "failed")
            throw error
        }
        KilnMeasures.upload(type: stored.type.rawValue, outcome: "stored")
        FileNote.current?.record(stored.id.rawValue)
        return stored
    }
}
