import Hummingbird
import KilnDomain
import KilnStorage
import Metrics
import Prometheus

/// The process's Prometheus registry behind swift-metrics: Kiln's `kiln_…` metrics and
/// Hummingbird's request metrics all land in it, and `GET /metrics` renders it. Bootstrapped the
/// first time a node is built, before any metric is made.
enum KilnMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Hummingbird names its metrics and labels OpenTelemetry's way (`http.route`); Prometheus
        // allows letters, digits, `_` and `:` only.
        factory.nameAndLabelSanitizer = { name, labels in
            (prometheusName(name), labels.map { (prometheusName($0.0), $0.1) })
        }
        let minutes: [Duration] = [1, 5, 10, 30, 60, 120, 300, 600, 1200, 3600].map { .seconds($0) }
        factory.durationHistogramBuckets["kiln_transcode_duration_seconds"] = minutes
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func prometheusName(_ name: String) -> String {
        String(decoding: name.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: ":"):
                byte
            default:
                UInt8(ascii: "_")
            }
        }, as: UTF8.self)
    }
}

/// `GET /metrics`: the Prometheus text format, on every role. The queue's depth is counted from the
/// database at each scrape; when it cannot be, the rest is still answered.
struct MetricsController: Sendable {
    let queue: any TranscodeQueue

    var routes: RouteCollection<KilnRequestContext> {
        let routes = RouteCollection(context: KilnRequestContext.self)
        routes.get("/metrics") { _, context in
            do {
                KilnMeasures.transcodeJobs(try await queue.jobCounts())
            } catch let unavailable as StoreUnavailable {
                KilnMeasures.storeUnavailable(unavailable)
            } catch {
                context.logger.warning("cannot count the transcode jobs", metadata: ["error": "\(error)"])
            }
            var text: [UInt8] = []
            KilnMetrics.registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
        return routes
    }
}
