// Runs docs/kotlin.md's snippets (Tour.kt, Announce.kt, Errors.kt, Storm.kt, extracted as written) against
// the mock at WECOM_MOCK_URL, in a directory holding chart.png, report.pdf and note.amr.
import com.wecombot.*
import kotlinx.coroutines.runBlocking
import kotlin.system.exitProcess

fun main() {
    val base = System.getenv("WECOM_MOCK_URL") ?: run { println("WECOM_MOCK_URL is not set"); exitProcess(1) }
    val key = "docs-kotlin-k3yc4n4ry-0001"
    val longLog = "a line of the build log\n".repeat(120)   // 2880 bytes: two text messages
    tour(key, base, longLog)
    Bot(key, BotConfig(baseUrl = base)).use { bot ->
        // A card without a title is refused, naming the field.
        post(TextNoticeCard(cardAction = CardAction(kind = 1, url = "https://example.com")), bot)
        runBlocking { announce(bot, "1.2.3", longLog) }
    }
    val state = java.nio.file.Files.createTempDirectory("wecom-docs-outbox").toFile()
    try {
        Bot("docs-kotlin-outbox-k3yc4n4ry-0001", BotConfig(baseUrl = base)).use { bot -> storm(bot, "sqlite:$state/outbox.sqlite3") }
    } finally {
        state.deleteRecursively()
    }
    println("docs snippets: done")
}
