import Logging

/// How a node writes its log: `text` for people (the default), `json` for log pipelines.
public enum LogFormat: String, CaseIterable, Sendable {
    case text, json

    /// Sets up swift-log for the process: every logger writes in this format from `level` up, and
    /// every line logged while a request is served carries its `requestId`. Once, before any logger
    /// is made.
    public func bootstrap(level: Logger.Level) {
        switch self {
        case .text:
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }, metadataProvider: .requestID)
        case .json:
            LoggingSystem.bootstrap(
                { label, provider in
                    var handler = JSONLogHandler(label: label, metadataProvider: provider)
                    handler.logLevel = level
                    return handler
                }, metadataProvider: .requestID)
        }
    }
}
