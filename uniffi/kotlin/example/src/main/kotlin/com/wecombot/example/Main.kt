package com.wecombot.example

import com.wecombot.Article
import com.wecombot.Bot
import com.wecombot.BotConfig
import com.wecombot.CardAction
import com.wecombot.FontColor
import com.wecombot.HorizontalContent
import com.wecombot.Jump
import com.wecombot.MainTitle
import com.wecombot.MediaKind
import com.wecombot.Message
import com.wecombot.News
import com.wecombot.Text
import com.wecombot.TextNoticeCard
import com.wecombot.WecomException
import com.wecombot.fontColor
import com.wecombot.markdownTable
import com.wecombot.mention
import kotlin.system.exitProcess

/**
 * The Kotlin quick start (docs/kotlin.md), runnable: sends one of each common message to the
 * robot the environment contract names (WECOM_BOT_WEBHOOK or WECOM_BOT_KEY; WECOM_BOT_BASE_URL,
 * WECOM_BOT_STORE and WECOM_BOT_RATE_LIMIT when set), as `Bot.fromEnv` reads it.
 */
fun main() {
    val key = System.getenv("WECOM_BOT_WEBHOOK") ?: System.getenv("WECOM_BOT_KEY") ?: ""
    val config = BotConfig(timeoutMs = 10_000)
    val made = try {
        Bot.fromEnv(config)
    } catch (e: WecomException.InvalidArgument) {
        System.err.println(e.message)
        exitProcess(2)
    }
    made.use { bot ->
        println("sending with $bot")

        bot.sendText("deploy #42 finished")
        bot.send(Message.Text(Text("on call today", mentionedList = listOf("@all"))))
        bot.sendMarkdown("build ${fontColor("passed", FontColor.INFO)} for ${mention("zhangsan")}")
        bot.sendMarkdownV2(markdownTable(listOf("service", "status"), listOf(listOf("api", "up"), listOf("db", "up"))))
        bot.send(News(listOf(Article("Release notes", "https://example.com/notes", description = "v1.2"))).toMessage())
        bot.send(
            TextNoticeCard(
                mainTitle = MainTitle(title = "Deploy finished", desc = "production"),
                horizontalContentList = listOf(HorizontalContent("version", value = "1.2.0")),
                jumpList = listOf(Jump("Open the dashboard", kind = 1, url = "https://example.com/dash")),
                cardAction = CardAction(kind = 1, url = "https://example.com"),
            ).toMessage(),
        )
        val media = bot.uploadBytes(MediaKind.FILE, "nightly report\n".toByteArray(), "report.txt")
        bot.send(Message.File(com.wecombot.File(media.mediaId)))
        println("uploaded ${media.kind} ${media.mediaId}")

        // Bad input is refused before any network use, naming the field and the rule.
        try {
            bot.sendText("")
            error("an empty text was accepted")
        } catch (e: WecomException.Validation) {
            println("refused: field=${e.field} rule=${e.rule}")
        }
        // The key never appears in a string the library makes.
        val shown = listOf(bot.toString(), config.toString())
        if (key.length > 8 && shown.any { it.contains(key) }) error("the key leaked into $shown")
    }
    println("ok")
}
