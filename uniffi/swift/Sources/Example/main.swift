// The Swift quick start (docs/swift.md), runnable: sends one of each common message to the
// robot the environment contract names (WECOM_BOT_WEBHOOK or WECOM_BOT_KEY; WECOM_BOT_BASE_URL,
// WECOM_BOT_STORE and WECOM_BOT_RATE_LIMIT when set), as `Bot.fromEnv` reads it.
import Foundation
import WecomBot

let env = ProcessInfo.processInfo.environment
let key = env["WECOM_BOT_WEBHOOK"] ?? env["WECOM_BOT_KEY"] ?? ""

do {
    let bot: Bot
    do {
        bot = try Bot.fromEnv(config: BotConfig(timeoutMs: 10_000))
    } catch let WecomError.invalidArgument(_, detail) {
        FileHandle.standardError.write(Data("\(detail)\n".utf8))
        exit(2)
    }
    print("sending with \(bot)")

    try bot.sendText(content: "deploy #42 finished")
    try bot.send(message: .text(Text(content: "on call today", mentionedList: ["@all"])))
    try bot.sendMarkdown(content: "build \(fontColor(text: "passed", color: .info)) for \(mention(userid: "zhangsan"))")
    try bot.sendMarkdownV2(content: markdownTable(headers: ["service", "status"], rows: [["api", "up"], ["db", "up"]]))
    try bot.send(message: News(articles: [Article(title: "Release notes", url: "https://example.com/notes", description: "v1.2")]).toMessage())
    try bot.send(message: .textNotice(TextNoticeCard(
        mainTitle: MainTitle(title: "Deploy finished", desc: "production"),
        horizontalContentList: [HorizontalContent(keyname: "version", value: "1.2.0")],
        jumpList: [Jump(title: "Open the dashboard", kind: 1, url: "https://example.com/dash")],
        cardAction: CardAction(kind: 1, url: "https://example.com")
    )))
    let media = try bot.uploadBytes(kind: .file, bytes: Data("nightly report\n".utf8), filename: "report.txt")
    try bot.send(message: .file(File(mediaId: media.mediaId)))
    print("uploaded \(media.kind) \(media.mediaId)")

    // Bad input is refused before any network use, naming the field and the rule.
    do {
        try bot.sendText(content: "")
        print("an empty text was accepted")
        exit(1)
    } catch let WecomError.validation(field, rule, _, _) {
        print("refused: field=\(field) rule=\(rule)")
    }
    // The key never appears in a string the library makes.
    if key.count > 8 && "\(bot) \(String(reflecting: bot))".contains(key) {
        print("the key leaked into the bot's description")
        exit(1)
    }
} catch {
    print("failed: \(error)")
    exit(1)
}
print("ok")
