import Dispatch
import KilnCore
import KilnStorage
import KilnVideo
import NIOCore
import Synchronization

/// Takes the HLS pieces a transcode makes on its thread, commits each to the blob store, and
/// publishes the ladder on the file's row each time every rung has one more segment: from the first
/// segment on, the file is playable while the rest is still being made.
///
/// The transcoding thread waits when a few pieces are still being stored, so a slow store slows the
/// transcode instead of filling memory. The row only ever names committed blobs.
final class HLSPublisher: Sendable {
    /// Merges metadata into the file's row if the job is still this worker's (false when not). With
    /// `mustLand`, a database that does not answer is asked again for as long as the lease allows.
    typealias Publish = @Sendable (_ metadata: [String: JSONValue], _ mustLand: Bool) async throws -> Bool

    private let blobs: any BlobStore
    private let fileId: FileID
    private let attempt: String
    private let rungs: [Rung]
    /// The ladder the row shows until this attempt has its first segments.
    private let previous: HLSPresentation?
    /// The trees this attempt replaces in the row; deleted once it is complete.
    private let retiring: [RetiredHLSTree]
    private let publish: Publish
    private let monitor: TranscodeMonitor
    private let pieces: AsyncStream<HLSPiece>
    private let continuation: AsyncStream<HLSPiece>.Continuation
    /// Pieces handed over and not yet stored: room for every rung's init segment and first segment,
    /// which come together.
    private let slots: DispatchSemaphore
    private let state = Mutex(State())

    private struct State {
        var failure: (any Error)?
        var headers: [String: HLSRungHeader] = [:]
        var segments: [Int: Double] = [:]
        var counts: [String: Int] = [:]
        var bitRates: [String: BitRates] = [:]
        var committed: [(key: BlobKey, segment: Int?)] = []
        /// How many segments the row names.
        var published = 0
        /// How many segments a publication sent may name, landed or not.
        var issued = 0
        /// A growing publication is on its way; `next` waits for it, the newest only.
        var publishing = false
        var next: HLSPresentation?
    }

    init(
        blobs: any BlobStore, fileId: FileID, attempt: String, rungs: [Rung], replacing previous: HLSPresentation?,
        monitor: TranscodeMonitor, publish: @escaping Publish
    ) {
        self.blobs = blobs
        self.fileId = fileId
        self.attempt = attempt
        self.rungs = rungs
        self.previous = previous
        retiring = previous?.retiringSelf ?? []
        self.monitor = monitor
        self.publish = publish
        slots = DispatchSemaphore(value: 2 * max(1, rungs.count))
        (pieces, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    /// The sink the transcoding thread calls.
    var sink: HLSSink {
        { piece throws(AVFailure) in
            if self.state.withLock({ $0.failure }) != nil { throw AVFailure.stop("store the HLS stream") }
            self.slots.wait()
            self.continuation.yield(piece)
        }
    }

    /// Stores and publishes pieces until the transcode's side ends (`finishPieces`). First the
    /// attempt is named on the row, before it writes any blob: should its worker die, the attempt
    /// that follows knows what to delete. The ladder players get stays the one before until this
    /// one has its first segments.
    func run() async {
        do {
            let ours = RetiredHLSTree(attempt: attempt, variantNames: rungs.map(\.name), segmentCount: 0)
            var announced = previous ?? presentation(State(), segments: 0, isComplete: false)
            if previous != nil { announced.retired.append(ours) }
            try await publishing(announced, mustLand: true)
        } catch {
            state.withLock { $0.failure = error }
            monitor.requestStop()
        }
        for await piece in pieces {
            defer { slots.signal() }
            guard state.withLock({ $0.failure }) == nil else { continue }
            do {
                try await take(piece)
            } catch {
                state.withLock { $0.failure = $0.failure ?? error }
                monitor.requestStop()
            }
        }
    }

    func finishPieces() { continuation.finish() }

    /// Why storing or publishing failed, if it did; it stopped the transcode.
    var failure: (any Error)? { state.withLock { $0.failure } }

    private func take(_ piece: HLSPiece) async throws {
        switch piece {
        case .initialization(let header, let bytes):
            let key = BlobKey(fileId: fileId, variant: HLSBlobName.initialization(attempt: attempt, variant: header.name))
            try await store(bytes, at: key)
            state.withLock {
                $0.headers[header.name] = header
                $0.committed.append((key, nil))
            }
        case .segment(let rung, let index, let seconds, let bytes):
            let key = BlobKey(fileId: fileId, variant: HLSBlobName.segment(attempt: attempt, variant: rung, index: index))
            try await store(bytes, at: key)
            let grown: HLSPresentation? = state.withLock { state in
                state.committed.append((key, index))
                state.counts[rung] = index + 1
                state.segments[index] = state.segments[index] ?? seconds
                state.bitRates[rung, default: BitRates()].add(bytes: bytes.count, seconds: seconds)
                let everywhere = rungs.map { state.counts[$0.name] ?? 0 }.min() ?? 0
                guard everywhere > state.published else { return nil }
                return presentation(state, segments: everywhere, isComplete: false)
            }
            if let grown { publishSoon(grown) }
        }
    }

    /// Publishes the whole ladder as complete, then deletes the trees it replaced; the presentation
    /// to record with the job, which names no retired tree any more.
    func complete() async throws -> HLSPresentation {
        let finished = try state.withLock { state throws in
            let counts = Set(rungs.map { state.counts[$0.name] ?? 0 })
            guard counts.count == 1, let count = counts.first, count > 0, state.headers.count == rungs.count else {
                throw HLSIncomplete(counts: state.counts)
            }
            return presentation(state, segments: count, isComplete: true)
        }
        try await publishing(finished, mustLand: true)
        for tree in retiring {
            for name in tree.blobsToDelete { try await blobs.delete(BlobKey(fileId: fileId, variant: name)) }
        }
        var recorded = finished
        recorded.retired = []
        return recorded
    }

    /// The blobs the row does not name, to delete when the attempt ends without recording them. A
    /// publication sent and not yet answered may still name some: those are left to the attempt that
    /// retires this one.
    var unpublishedBlobs: [BlobKey] {
        state.withLock { state in
            let named = max(state.published, state.issued)
            return state.committed.filter { entry in
                guard named > 0 else { return true }
                return entry.segment.map { $0 >= named } ?? false
            }.map(\.key)
        }
    }

    /// Publishes a grown ladder without holding up the segments that follow: the transcode never
    /// waits on the database for it. One publication at a time; while one is on its way only the
    /// newest ladder waits, and a database that does not answer only delays it.
    private func publishSoon(_ presentation: HLSPresentation) {
        let starts = state.withLock { state in
            state.issued = max(state.issued, presentation.segments.count)
            if state.publishing {
                state.next = presentation
                return false
            }
            state.publishing = true
            return true
        }
        guard starts else { return }
        Task {
            var current = presentation
            while true {
                do {
                    try await publishing(current, mustLand: false)
                } catch {
                    state.withLock { $0.failure = $0.failure ?? error }
                    monitor.requestStop()
                }
                let next = state.withLock { state in
                    defer { state.next = nil }
                    if state.next == nil { state.publishing = false }
                    return state.next
                }
                guard let next else { return }
                current = next
            }
        }
    }

    private func publishing(_ presentation: HLSPresentation, mustLand: Bool) async throws {
        let held: Bool
        do {
            held = try await publish([HLSPresentation.metadataKey: presentation.jsonValue], mustLand)
        } catch is StoreUnavailable where !mustLand {
            return
        }
        guard held else { throw AVFailure.stop("publish the HLS ladder: the job is no longer this worker's") }
        guard presentation.attempt == attempt else { return }
        state.withLock { $0.published = max($0.published, presentation.segments.count) }
    }

    /// The ladder as far as `count` segments; with none, only what the rungs will be.
    private func presentation(_ state: State, segments count: Int, isComplete: Bool) -> HLSPresentation {
        let variants = rungs.map { rung -> HLSVariant in
            let header = state.headers[rung.name]
            let rates = state.bitRates[rung.name] ?? BitRates()
            return HLSVariant(
                name: rung.name, width: rung.width, height: rung.height, codecs: header?.codecs ?? "",
                frameRate: header?.frameRate ?? 0, peakBitRate: rates.peak, averageBitRate: rates.average)
        }
        return HLSPresentation(
            attempt: attempt, variants: variants, segments: (0..<count).map { state.segments[$0] ?? 0 }, isComplete: isComplete,
            retired: retiring)
    }

    private func store(_ bytes: [UInt8], at key: BlobKey) async throws {
        let upload = try blobs.beginUpload(of: key)
        try await upload.abortingAfterwards {
            try await upload.write(ByteBuffer(bytes: bytes))
            try await blobs.commit(upload)
        }
    }
}

/// The bit rates of one rung's segments so far.
private struct BitRates {
    private var bits = 0.0
    private var seconds = 0.0
    private var peakOfWhole = 0.0
    private var peakOfAny = 0.0

    /// A segment much shorter than the others (the last one) can show a rate no stretch of playback
    /// has, from its keyframe and headers alone; it counts for the peak only when no other can.
    mutating func add(bytes: Int, seconds: Double) {
        guard seconds > 0 else { return }
        let rate = Double(bytes * 8) / seconds
        bits += Double(bytes * 8)
        self.seconds += seconds
        peakOfAny = max(peakOfAny, rate)
        if seconds >= 1 { peakOfWhole = max(peakOfWhole, rate) }
    }

    var peak: Int { Int((peakOfWhole > 0 ? peakOfWhole : peakOfAny).rounded(.up)) }
    var average: Int { seconds > 0 ? Int((bits / seconds).rounded(.up)) : 0 }
}

struct HLSIncomplete: Error, CustomStringConvertible {
    let counts: [String: Int]
    var description: String { "the HLS rungs were cut into different numbers of segments: \(counts.sorted { $0.key < $1.key })" }
}
