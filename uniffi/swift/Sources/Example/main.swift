// The Swift quick start (docs/swift.md), runnable: sends one of each common message to the
// robot of WECOM_BOT_KEY (a key or the full webhook URL), through WECOM_MOCK_URL when set.
import Foundation
import WecomBot

let env = ProcessInfo.processInfo.environment
guard let key = env["WECOM_BOT_KEY"] else {
    FileHandle.standardError.write(Data("set WECOM_BOT_KEY to the robot's key or webhook URL\n".utf8))
    exit(2)
}

do {
    let bot = try Bot(webhook: key, config: BotConfig(baseUrl: env["WECOM_MOCK_URL"], timeoutMs: 10_000))
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
    } catch let WecomError.Validation(field, rule, _, _) {
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
