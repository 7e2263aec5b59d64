// docs/swift.md's quick start program: async sends to the robot the environment contract names
// (WECOM_BOT_KEY, a key or the whole webhook URL; WECOM_BOT_BASE_URL for another server, such as
// the mock); errors read with Swift's case names.
import Foundation
import WecomBot

@main
struct Consumer {
    static func main() async {
        let bot: Bot
        do {
            bot = try Bot.fromEnv(config: BotConfig(timeoutMs: 10_000))
        } catch {
            FileHandle.standardError.write(Data("set WECOM_BOT_KEY to the robot's key or webhook URL: \(error)\n".utf8))
            exit(2)
        }
        do {
            print("sending with \(bot)")
            try await bot.sendText(content: "deploy #42 finished")
            try await bot.sendMarkdown(content: "build \(fontColor(text: "passed", color: .info))")
            let media = try await bot.uploadBytes(kind: .file, bytes: Data("nightly report\n".utf8), filename: "report.txt")
            try await bot.send(message: .file(File(mediaId: media.mediaId)))
            print("uploaded \(media.kind) \(media.mediaId)")
            do {
                try await bot.sendText(content: "")
                print("an empty text was accepted")
                exit(1)
            } catch let WecomError.validation(field, rule, _, _) {
                print("refused: field=\(field) rule=\(rule)")
            }
        } catch let e as WecomError where e.mayHaveBeenDelivered {
            print("no answer, but the message may have been delivered: check the chat before sending again (\(e))")
            exit(1)
        } catch {
            print("failed: \(error)")
            exit(1)
        }
        print("ok")
    }
}
