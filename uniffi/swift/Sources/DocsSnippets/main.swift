// Runs docs/swift.md's snippets (Tour.swift, Errors.swift, Announce.swift, Storm.swift, extracted as written
// by scripts/test-swift.sh) against the mock at WECOM_MOCK_URL, in a directory holding
// chart.png, report.pdf and note.amr. Exits 1 when a snippet fails.
import Foundation
import WecomBot

guard let base = ProcessInfo.processInfo.environment["WECOM_MOCK_URL"] else {
    print("WECOM_MOCK_URL is not set")
    exit(1)
}
let key = "docs-swift-k3yc4n4ry-0001"
do {
    try tour(key: key, baseUrl: base)
} catch {
    print("tour failed: \(error)")
    exit(1)
}
let bot = try Bot(webhook: key, config: BotConfig(baseUrl: base))
// A card without a title is refused, naming the field; a whole one is sent.
post(TextNoticeCard(cardAction: CardAction(kind: 1, url: "https://example.com")), with: bot)
post(TextNoticeCard(mainTitle: MainTitle(title: "Deploy finished", desc: "production"),
                    cardAction: CardAction(kind: 1, url: "https://example.com")), with: bot)
await announce(bot, version: "1.2.3")
do {
    let outboxBot = try Bot(webhook: "docs-swift-outbox-k3yc4n4ry-0001", config: BotConfig(baseUrl: base))
    try storm(outboxBot, store: "sqlite:\(FileManager.default.currentDirectoryPath)/outbox.sqlite3")
} catch {
    print("storm failed: \(error)")
    exit(1)
}
print("docs snippets: done")
