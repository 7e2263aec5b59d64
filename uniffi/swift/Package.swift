// swift-tools-version:5.9
// The WecomBot Swift package: the module UniFFI generates from the native library, with its
// Swift layer (async calls, lowerCamelCase errors), over the C module WecomBotFFI — a system
// library found through pkg-config (wecom_bot_uniffi.pc), so that a package depending on this
// one needs no unsafe flags. `uniffi/swift/prepare.sh LIBRARY PREFIX` writes the generated
// Sources/WecomBot/WecomBot.swift and installs the library, its header and the .pc file
// (docs/swift.md).
import PackageDescription

let package = Package(
    name: "WecomBot",
    products: [
        .library(name: "WecomBot", targets: ["WecomBot"]),
    ],
    targets: [
        .systemLibrary(
            name: "WecomBotFFI",
            path: "Sources/WecomBotFFI",
            pkgConfig: "wecom_bot_uniffi",
            providers: []
        ),
        .target(
            name: "WecomBot",
            dependencies: ["WecomBotFFI"],
            path: "Sources/WecomBot"
        ),
        .testTarget(
            name: "WecomBotTests",
            dependencies: ["WecomBot"],
            path: "Tests/WecomBotTests"
        ),
    ]
)
