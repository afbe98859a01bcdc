// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "kiln",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiln", targets: ["kiln"]),
        // The decoding sandbox's child program; `kiln` starts it from its own folder.
        .executable(name: "kiln-sandbox", targets: ["KilnSandboxChild"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(name: "KilnCore"),
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .systemLibrary(name: "CAV", pkgConfig: "libavformat", providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev"])]),
        .target(
            name: "CMediaShims",
            dependencies: ["CVips", "CAV"],
            // The wrappers call into both libraries whether or not the importing module does.
            linkerSettings: [
                .linkedLibrary("vips"), .linkedLibrary("gobject-2.0"), .linkedLibrary("glib-2.0"),
                .linkedLibrary("avformat"), .linkedLibrary("avcodec"), .linkedLibrary("avutil"), .linkedLibrary("swscale"),
            ]
        ),
        .target(name: "KilnVideo", dependencies: ["KilnCore", "CAV", "CMediaShims"]),
        // The kernel's confinement steps (rlimits, namespaces, Landlock, seccomp), for the child.
        .target(name: "CSandbox"),
        // Where libav (and, if asked, libvips) work on uploads runs: a sandboxed child per job, or this process.
        .target(
            name: "KilnDecoding",
            dependencies: [
                "KilnCore", "KilnVideo", "KilnImaging", "CSandbox",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "KilnSandboxChild", dependencies: ["KilnDecoding"], path: "Sources/kiln-sandbox"),
        .target(
            name: "KilnImaging",
            dependencies: [
                "KilnCore", "CVips", "CMediaShims",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "KilnStorage",
            dependencies: [
                "KilnCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The service behind the API, whatever the role: file and room libraries, derived forms,
        // transcoding workers, configuration. No web framework here.
        .target(
            name: "KilnDomain",
            dependencies: [
                "KilnCore",
                "KilnStorage",
                "KilnImaging",
                "KilnVideo",
                "KilnDecoding",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // HTTP: routes, middleware, uploads as multipart, presentation, tokens and signed links.
        .target(
            name: "KilnServer",
            dependencies: [
                "KilnCore",
                "KilnDomain",
                "KilnDecoding",
                "KilnStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "kiln",
            dependencies: [
                "KilnServer",
                "KilnDomain",
                "KilnDecoding",
                "KilnStorage",
                "KilnCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `scripts/bench-queue`: claim rate and upload→lease latency on each engine.
        .executableTarget(
            name: "KilnQueueBench",
            dependencies: ["KilnCore", "KilnStorage", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "KilnCoreTests", dependencies: ["KilnCore"]),
        // What the test targets share: the external programs they drive.
        .target(name: "KilnTestTools", path: "Tests/KilnTestTools"),
        .testTarget(name: "KilnVideoTests", dependencies: ["KilnVideo", "KilnCore", "KilnTestTools"]),
        .testTarget(name: "KilnImagingTests", dependencies: ["KilnImaging", "KilnCore", "CMediaShims"]),
        .testTarget(
            name: "KilnStorageTests",
            dependencies: [
                "KilnStorage", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "KilnServerTests",
            dependencies: [
                "KilnServer",
                "KilnDomain",
                "KilnDecoding",
                // Built for the tests: nodes under test decode in it, found beside the test runner.
                "KilnSandboxChild",
                "KilnVideo",
                "KilnTestTools",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// `scripts/fuzz` sets KILN_FUZZ to build the libFuzzer targets (with -sanitize=fuzzer, which
// supplies `main`); an ordinary build leaves them out.
if Context.environment["KILN_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "KilnFuzz",
            dependencies: [
                "KilnCore", "KilnDecoding", "KilnDomain", "KilnImaging", "KilnServer", "KilnStorage", "KilnVideo",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
}

