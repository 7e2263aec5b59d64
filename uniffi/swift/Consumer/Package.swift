// swift-tools-version:5.9
// A package that depends on WecomBot as any Swift user's package would (docs/swift.md's quick
// start builds and runs it): a path dependency on the package, the WecomBot product, no flags.
import PackageDescription

let package = Package(
    name: "Consumer",
    dependencies: [
        .package(path: ".."),  // uniffi/swift: its package identity is the directory name, "swift"
    ],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [.product(name: "WecomBot", package: "swift")],
            path: "Sources/Consumer"
        ),
    ]
)
