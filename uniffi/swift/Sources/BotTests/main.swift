// The Swift surface beyond the vectors: construction, configuration errors naming the field,
// defaults, error payloads, and the webhook key never in a description or an error
// (a distinctive key). Prints `N passed, N failed`; exits 1 on any failure.
import Foundation
import WecomBot

let key = "693a91f6-7xxx-k3yc4n4ry-swiftsecret9"
var passed = 0
var failures = [String]()

func check(_ name: String, _ body: () throws -> Void) {
    do {
        try body()
        passed += 1
    } catch {
        failures.append("\(name): \(error)")
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
}

func expect(_ cond: Bool, _ what: @autoclosure () -> String) throws {
    if !cond { throw Failure(description: what()) }
}

func noKey(_ shown: String) throws {
    try expect(!shown.contains(key), "the key leaked into: \(shown)")
}

/// Runs `call`, which must throw a WecomError; returns it.
func error(_ call: () throws -> Void) throws -> WecomError {
    do {
        try call()
    } catch let e as WecomError {
        return e
    }
    throw Failure(description: "no WecomError was thrown")
}

check("description masks the key") {
    let bot = try Bot(webhook: key)
    try expect("\(bot)" == "Bot(key=693a…ret9, base_url=https://qyapi.weixin.qq.com)", "\(bot)")
    try expect(bot.maskedKey() == "693a…ret9", bot.maskedKey())
    try noKey(String(reflecting: bot))
}

check("a webhook URL gives the base URL") {
    let bot = try Bot(webhook: "http://127.0.0.1:9/cgi-bin/webhook/send?key=\(key)")
    try expect(bot.baseUrl() == "http://127.0.0.1:9", bot.baseUrl())
    try noKey("\(bot)")
}

check("a bad key is an invalid argument without the key") {
    let bad = "\(key) with spaces"
    let e = try error { _ = try Bot(webhook: bad) }
    guard case let .invalidArgument(argument, detail) = e else { throw Failure(description: "\(e)") }
    try expect(argument == "key", argument)
    try expect(e.kind() == .invalidArgument && e.kind().asStr() == "invalid_argument", "\(e.kind())")
    try expect(!detail.contains(bad) && !"\(e)".contains(bad), detail)
    try noKey("\(e) \(String(reflecting: e)) \(e.detail)")
}

check("bad configuration names the field") {
    let cases: [(BotConfig, String)] = [
        (BotConfig(timeoutMs: 0), "config.timeout_ms"),
        (BotConfig(maxAttempts: 0), "config.max_attempts"),
        (BotConfig(proxy: "http://proxy:3128", noProxy: true), "config.proxy"),
        (BotConfig(baseUrl: "http://example.com"), "base_url"),
        (BotConfig(rateLimit: RateLimit(windowMs: -1)), "config.rate_limit.window_ms"),
    ]
    for (config, field) in cases {
        let e = try error { _ = try Bot(webhook: key, config: config) }
        guard case let .invalidArgument(argument, _) = e, argument == field else { throw Failure(description: "\(field): \(e)") }
    }
}

check("defaults are the documented ones") {
    let c = BotConfig()
    try expect(c.baseUrl == nil && c.connectTimeoutMs == 10_000 && c.timeoutMs == 30_000 && c.uploadTimeoutMs == 300_000, "\(c)")
    try expect(c.maxAttempts == 3 && c.rateLimit == RateLimit(enabled: true, maxMessages: 20, windowMs: 60_000, failFast: false, maxWaitMs: 65_000), "\(c)")
}

check("validation errors carry field, rule and limit") {
    let e = try error { _ = try Text(content: String(repeating: "x", count: 2049)).toJson() }
    guard case let .validation(field, rule, limit, _) = e else { throw Failure(description: "\(e)") }
    try expect(field == "text.content" && rule == "max_bytes" && limit == 2048, "\(e)")
    let card = try error { try TextNoticeCard(mainTitle: MainTitle(title: "t")).validate() }
    guard case let .validation(cardField, _, _, _) = card else { throw Failure(description: "\(card)") }
    try expect(cardField == "template_card.card_action", cardField)
}

check("odd input is an error, not a crash") {
    let nan = NewsNoticeCard(mainTitle: MainTitle(title: "t"), cardImage: CardImage(url: "https://example.com/a.png", aspectRatio: .nan),
                             cardAction: CardAction(kind: 1, url: "https://example.com"))
    let e = try error { _ = try nan.toJson() }
    guard case let .validation(field, rule, _, _) = e, field == "template_card.card_image.aspect_ratio", rule == "range" else {
        throw Failure(description: "\(e)")
    }
    let many = News(articles: (0..<100_000).map { Article(title: "t\($0)", url: "u") })
    guard case let .validation(_, manyRule, _, _) = try error({ try many.validate() }), manyRule == "max_items" else {
        throw Failure(description: "100 000 articles were accepted")
    }
    try expect(try error { _ = try imageFromPath(path: "/nonexistent/x.png") }.kind() == .io, "missing image file")
    try expect(try error { _ = try imageFromBytes(bytes: Data()) }.kind() == .validation, "empty image")
}

check("transport errors do not show the key") {
    // Port 9 on loopback: nothing listens; one attempt, no retries.
    let bot = try Bot(webhook: key, config: BotConfig(baseUrl: "http://127.0.0.1:9", connectTimeoutMs: 2_000, maxAttempts: 1))
    let e = try error { try bot.sendText(content: "hello") }
    try expect(e.kind() == .transport || e.kind() == .timeout, "\(e)")
    try noKey("\(e) \(String(reflecting: e)) \(e.detail) \(e.localizedDescription)")
}

check("the store holds the window") {
    // Every attempt takes a slot, delivered or not: two failed sends (nothing listens on port 9)
    // fill a 2-per-minute window kept in the SQLite file. Another bot naming that file is
    // refused by it; one naming a file of its own is not.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wecom-swift-store-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let limit = RateLimit(maxMessages: 2, windowMs: 60_000, failFast: true)
    func bot(_ store: String) throws -> Bot {
        try Bot(webhook: key, config: BotConfig(baseUrl: "http://127.0.0.1:9", connectTimeoutMs: 2_000, maxAttempts: 1,
                                                rateLimit: limit, store: store, failOnStoreError: true))
    }
    let shared = "sqlite:\(dir.path)/shared.sqlite3"
    let a = try bot(shared)
    for _ in 0..<2 {
        let e = try error { try a.sendText(content: "x") }
        try expect(e.kind() != .rateLimited, "\(e)")
    }
    let b = try bot(shared)
    try expect(try error { try b.sendText(content: "x") }.kind() == .rateLimited, "the shared window did not refuse")
    let status = try b.quotaStatus()
    try expect(status?.used == 2 && status?.shared == true && status?.store == shared, "\(String(describing: status))")
    let own = try bot("sqlite:\(dir.path)/own.sqlite3")
    try expect(try error { try own.sendText(content: "x") }.kind() != .rateLimited, "a file of its own was refused")
    let down = try bot("redis://app:Hunter2Secret@127.0.0.1:1/0")
    let e = try error { try down.sendText(content: "x") }
    guard case .store = e else { throw Failure(description: "\(e)") }
    try expect(e.kind() == .store && !"\(e)".contains("Hunter2Secret"), "\(e)")
    try noKey("\(e) \(e.detail)")
    guard case let .invalidArgument(argument, _) = try error({ _ = try bot("postgres://db") }), argument == "store" else {
        throw Failure(description: "a bad store URL was accepted")
    }
}

check("helpers and records") {
    try expect(mention(userid: "zhangsan") == "<@zhangsan>", "mention")
    try expect(fontColor(text: "hot", color: .warning) == "<font color=\"warning\">hot</font>", "fontColor")
    try expect(try truncate(text: "abc", maxBytes: 2) == "ab", "truncate")
    try expect(try error { _ = try truncate(text: "abc", maxBytes: -1) }.kind() == .invalidArgument, "negative truncate")
    try expect(splitText(content: "a\nb") == ["a\nb"], "splitText")
    try expect(splitText(content: String(repeating: "x", count: 2048) + "\ny").count == 2, "splitText at 2048")
    let text = Text(content: "hi", mentionedList: ["@all"])
    let json = try text.toJson()
    try expect(json == #"{"msgtype":"text","text":{"content":"hi","mentioned_list":["@all"]}}"#, json)
    try expect(text.toMessage() == .text(text) && text.toMessage().msgtype() == "text", "toMessage")
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0])
    let image = try imageFromBytes(bytes: png)
    try expect(image.md5.count == 32 && image.toMessage().msgtype() == "image", "\(image)")
}

// The async layer (Async.swift) and the lowerCamelCase errors (Errors.swift). On the main actor,
// like the counters it updates.
@MainActor
func checkAsync(_ name: String, _ body: () async throws -> Void) async {
    do {
        try await body()
        passed += 1
    } catch {
        failures.append("\(name): \(error)")
    }
}

await checkAsync("async calls throw WecomError with lowerCamelCase cases") {
    let bot = try Bot(webhook: key, config: BotConfig(baseUrl: "http://127.0.0.1:9", connectTimeoutMs: 2_000, maxAttempts: 1))
    do {
        try await bot.sendText(content: "")
        throw Failure(description: "an empty text was accepted")
    } catch let WecomError.validation(field, rule, _, detail) {
        try expect(field == "text.content" && rule == "required", "\(field) \(rule)")
        try noKey(detail)
    }
    do {
        _ = try await bot.sendTextChunked(content: "hello")
        throw Failure(description: "a send to a closed port succeeded")
    } catch let e as WecomError {
        try expect(e.kind() == .transport || e.kind() == .timeout, "\(e)")
        try noKey("\(e) \(e.detail)")
        try expect(!e.mayHaveBeenDelivered, "a refused connection sent nothing: \(e)")
    }
}

check("blocking calls throw WecomError with lowerCamelCase cases, detail and description") {
    let e = try error { try Bot(webhook: key).sendText(content: "") }
    guard case let .validation(field, rule, _, detail) = e else { throw Failure(description: "\(e)") }
    try expect(field == "text.content" && rule == "required" && detail == e.detail && !detail.isEmpty, "\(e)")
    try expect("\(e)".hasPrefix("validation: "), "\(e)")
    try expect(e.localizedDescription.contains("text.content"), e.localizedDescription)
}

for f in failures { print("FAIL \(f)") }
print("\(passed) passed, \(failures.count) failed")
exit(failures.isEmpty ? 0 : 1)
