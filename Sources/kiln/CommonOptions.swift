import ArgumentParser
import Foundation
import KilnCore
import KilnDecoding
import KilnDomain
import KilnServer
import KilnStorage

/// Flags shared by every command; each falls back to its `KILN_*` environment variable, then a default.
struct CommonOptions: ParsableArguments {
    @Option(help: "Data folder for the database, the blobs and the generated secret (env KILN_DATA).")
    var data: String?

    @Option(help: "Address to listen on (env KILN_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env KILN_PORT).")
    var port: Int?

    func configuration() throws -> KilnConfiguration {
        try Self.configuration(data: data, host: host, port: port)
    }

    /// The configuration the flags and the environment give; for commands that have no such flags of
    /// their own (a parsed option can only be read from a command that parsed it).
    static func configuration(data: String?, host: String? = nil, port: Int? = nil) throws -> KilnConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let dataDirectory = data ?? environment["KILN_DATA"] ?? "./data"
        return KilnConfiguration(
            host: host ?? environment["KILN_HOST"] ?? "127.0.0.1",
            port: try port ?? Self.number("KILN_PORT", environment) ?? 8080,
            dataDirectory: dataDirectory,
            publicURL: environment["KILN_PUBLIC_URL"],
            jwtSecret: try JWTSecret.resolve(environmentValue: environment["KILN_JWT_SECRET"], dataDirectory: dataDirectory),
            signedURLLifetime: .seconds(try Self.number("KILN_SIGNED_URL_TTL", environment) ?? 3600),
            limits: UploadLimits(
                maxFileBytes: try Self.number("KILN_MAX_FILE_BYTES", environment) ?? UploadLimits.default.maxFileBytes,
                maxVideoBytes: try Self.number("KILN_MAX_VIDEO_BYTES", environment) ?? UploadLimits.default.maxVideoBytes,
                maxImageBytes: try Self.number("KILN_MAX_IMAGE_BYTES", environment) ?? UploadLimits.default.maxImageBytes,
                maxImagePixels: try Self.number("KILN_MAX_IMAGE_PIXELS", environment) ?? UploadLimits.default.maxImagePixels,
                maxVideoSeconds: try Self.seconds("KILN_MAX_VIDEO_SECONDS", environment) ?? UploadLimits.default.maxVideoSeconds,
                maxClipSeconds: try Self.seconds("KILN_MAX_CLIP_SECONDS", environment) ?? UploadLimits.default.maxClipSeconds),
            transcoding: TranscodeSettings(
                workers: try Self.workers(environment),
                lease: .seconds(try Self.number("KILN_TRANSCODE_LEASE", environment) ?? 60)),
            connections: ConnectionLimits(
                idleTimeout: .seconds(try Self.number("KILN_IDLE_TIMEOUT", environment) ?? 30)),
            downloads: try Self.downloads(environment),
            imageWork: ImageWorkSettings(
                workers: try Self.number("KILN_IMAGE_WORKERS", environment) ?? ProcessInfo.processInfo.activeProcessorCount,
                queueLimit: try Self.number("KILN_IMAGE_QUEUE", environment) ?? 64),
            mediaWork: MediaWorkSettings(
                workers: try Self.number("KILN_MEDIA_WORKERS", environment) ?? ProcessInfo.processInfo.activeProcessorCount,
                queueLimit: try Self.number("KILN_MEDIA_QUEUE", environment) ?? 64),
            sandbox: try Self.sandbox(environment),
            databaseURL: environment["KILN_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            blobStore: try Self.blobStore(environment),
            scratchBytes: try Self.number("KILN_SCRATCH_BYTES", environment) ?? 8 << 30,
            dataFreeBytes: try Self.limit("KILN_DATA_FREE_BYTES", environment, default: 1 << 30) ?? 0,
            fairUse: FairUseLimits(
                uploadsInFlight: try Self.limit("KILN_USER_UPLOADS_IN_FLIGHT", environment, default: FairUseLimits.default.uploadsInFlight),
                bytesPerHour: try Self.limit("KILN_USER_BYTES_PER_HOUR", environment, default: FairUseLimits.default.bytesPerHour),
                storedBytes: try Self.limit("KILN_USER_STORED_BYTES", environment, default: FairUseLimits.default.storedBytes)),
            logsRequests: try Self.switchedOn("KILN_ACCESS_LOG", environment) ?? true,
            stream: try StreamCredentials.fromEnvironment(environment),
            resumable: ResumableSettings(
                expiry: .seconds(try Self.number("KILN_TUS_EXPIRY", environment) ?? 24 * 60 * 60)))
    }

    /// Every boolean setting reads this one way: `on` or `off` (also 1/0, true/false, yes/no); nil
    /// when unset; anything else stops the start with the variable's name.
    private static func switchedOn(_ name: String, _ environment: [String: String]) throws -> Bool? {
        guard let value = environment[name]?.lowercased(), !value.isEmpty else { return nil }
        switch value {
        case "on", "1", "true", "yes": return true
        case "off", "0", "false", "no": return false
        default: throw ValidationError("\(name) must be on or off (1/0, true/false, yes/no), not '\(value)'")
        }
    }

    /// `KILN_SANDBOX`, `KILN_SANDBOX_IMAGES` and the limits; `KILN_TEST_SANDBOX_FAULTS` only for tests
    /// of the sandbox itself.
    private static func sandbox(_ environment: [String: String]) throws -> SandboxSettings {
        var settings = SandboxSettings()
        settings.isEnabled = try switchedOn("KILN_SANDBOX", environment) ?? true
        settings.includesImages = try switchedOn("KILN_SANDBOX_IMAGES", environment) ?? settings.includesImages
        if let executable = environment["KILN_SANDBOX_EXECUTABLE"], !executable.isEmpty { settings.executable = executable }
        settings.memoryBytes = try number("KILN_SANDBOX_MEMORY_BYTES", environment) ?? settings.memoryBytes
        if let text = environment["KILN_SANDBOX_CPU_PER_SECOND"] {
            guard let value = Double(text), value > 0, value.isFinite else {
                throw ValidationError("KILN_SANDBOX_CPU_PER_SECOND must be a positive number, not '\(text)'")
            }
            settings.transcodeCPUPerSourceSecond = value
        }
        settings.inspectionCPUSeconds = try number("KILN_SANDBOX_INSPECTION_CPU_SECONDS", environment) ?? settings.inspectionCPUSeconds
        settings.acceptsTestFaults = try switchedOn("KILN_TEST_SANDBOX_FAULTS", environment) ?? false
        return settings
    }

    /// `KILN_BLOB_STORE`: `folder` (the data folder, the default) or `s3` with its `KILN_S3_*` settings
    /// and the usual `AWS_*` credentials.
    private static func blobStore(_ environment: [String: String]) throws -> BlobStoreChoice {
        switch environment["KILN_BLOB_STORE"] ?? "folder" {
        case "folder", "":
            return .dataFolder
        case "s3":
            guard let endpoint = environment["KILN_S3_ENDPOINT"], let bucket = environment["KILN_S3_BUCKET"] else {
                throw ValidationError("KILN_BLOB_STORE=s3 needs KILN_S3_ENDPOINT and KILN_S3_BUCKET")
            }
            let credentials = SigV4.Credentials(
                accessKey: environment["AWS_ACCESS_KEY_ID"] ?? "", secretKey: environment["AWS_SECRET_ACCESS_KEY"] ?? "",
                sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
            let location = try S3Location(
                endpoint: endpoint, bucket: bucket, region: environment["KILN_S3_REGION"] ?? "us-east-1",
                prefix: environment["KILN_S3_PREFIX"] ?? "", credentials: credentials,
                timeout: .seconds(try number("KILN_S3_TIMEOUT", environment) ?? 5))
            return .s3(location, redirectDownloads: try switchedOn("KILN_S3_REDIRECT_DOWNLOADS", environment) ?? false)
        case let other:
            throw ValidationError("KILN_BLOB_STORE must be folder or s3, not '\(other)'")
        }
    }

    /// `KILN_DOWNLOAD_MIN_RATE` (bytes a second; 0 cuts nobody), `KILN_DOWNLOAD_GRACE` (seconds) and
    /// `KILN_S3_PROXIED_READS`.
    private static func downloads(_ environment: [String: String]) throws -> DownloadLimits {
        let defaults = DownloadLimits()
        var rate = defaults.floor.bytesPerSecond
        if let text = environment["KILN_DOWNLOAD_MIN_RATE"] {
            guard let value = Int64(text), value >= 0 else {
                throw ValidationError("KILN_DOWNLOAD_MIN_RATE must be a whole number of bytes a second (0: off), not '\(text)'")
            }
            rate = value
        }
        let proxiedReads = try number("KILN_S3_PROXIED_READS", environment) ?? defaults.proxiedReads
        guard DownloadLimits.proxiedReadsRange.contains(proxiedReads) else {
            let range = DownloadLimits.proxiedReadsRange
            throw ValidationError(
                "KILN_S3_PROXIED_READS must be from \(range.lowerBound) to \(range.upperBound), so the store's 64 connections "
                    + "keep room for uploads and the rest, not \(proxiedReads)")
        }
        return DownloadLimits(
            minimumRate: rate,
            grace: (try number("KILN_DOWNLOAD_GRACE", environment) as Int?).map { Duration.seconds($0) } ?? defaults.floor.grace,
            proxiedReads: proxiedReads)
    }

    /// `KILN_TRANSCODE_WORKERS`: 1 by default; 0 runs no transcoding in this process.
    private static func workers(_ environment: [String: String]) throws -> Int {
        guard let text = environment["KILN_TRANSCODE_WORKERS"] else { return 1 }
        guard let value = Int(text), (0...64).contains(value) else {
            throw ValidationError("KILN_TRANSCODE_WORKERS must be a whole number from 0 to 64, not '\(text)'")
        }
        return value
    }

    /// A limit that 0 turns off (nil); unset, the default.
    private static func limit<N: FixedWidthInteger>(_ name: String, _ environment: [String: String], default value: N?) throws -> N? {
        guard let text = environment[name] else { return value }
        guard let number = N(text), number >= 0 else {
            throw ValidationError("\(name) must be a whole number (0: no limit), not '\(text)'")
        }
        return number == 0 ? nil : number
    }

    private static func seconds(_ name: String, _ environment: [String: String]) throws -> Double? {
        let whole: Int? = try number(name, environment)
        return whole.map(Double.init)
    }

    private static func number<N: FixedWidthInteger>(_ name: String, _ environment: [String: String]) throws -> N? {
        guard let text = environment[name] else { return nil }
        guard let value = N(text), value > 0 else {
            throw ValidationError("\(name) must be a positive whole number, not '\(text)'")
        }
        return value
    }
}
