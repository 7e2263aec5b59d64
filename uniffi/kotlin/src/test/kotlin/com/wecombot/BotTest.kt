package com.wecombot

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** The Kotlin surface beyond the vectors: construction, configuration errors, key hygiene. */
class BotTest {
    private val key = "693a91f6-7xxx-k3yc4n4ry-kotlinsecret9"

    private fun assertNoKey(vararg shown: String?) {
        for (s in shown) assertFalse(s.orEmpty().contains(key), "the key leaked into: $s")
    }

    @Test
    fun toStringMasksTheKey() {
        Bot(key).use { bot ->
            assertTrue(bot.toString().contains("693a…ret9"), bot.toString())
            assertEquals("693a…ret9", bot.maskedKey())
            assertEquals("https://qyapi.weixin.qq.com", bot.baseUrl())
            assertNoKey(bot.toString())
        }
    }

    @Test
    fun webhookUrlGivesTheBaseUrl() {
        Bot("http://127.0.0.1:9/cgi-bin/webhook/send?key=$key").use { bot ->
            assertEquals("http://127.0.0.1:9", bot.baseUrl())
            assertNoKey(bot.toString())
        }
    }

    @Test
    fun badKeyIsAnInvalidArgumentWithoutTheKey() {
        val bad = "$key with spaces"
        val e = assertThrows<WecomException.InvalidArgument> { Bot(bad) }
        assertEquals("key", e.argument)
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind())
        assertEquals("invalid_argument", e.kind().asStr())
        assertFalse(e.message.orEmpty().contains(bad))
        assertNoKey(e.message, e.toString(), e.detail)
    }

    @Test
    fun badConfigurationNamesTheField() {
        val e = assertThrows<WecomException.InvalidArgument> { Bot(key, BotConfig(timeoutMs = 0)) }
        assertEquals("config.timeout_ms", e.argument)
        val e2 = assertThrows<WecomException.InvalidArgument> { Bot(key, BotConfig(maxAttempts = 0)) }
        assertEquals("config.max_attempts", e2.argument)
        val e3 = assertThrows<WecomException.InvalidArgument> { Bot(key, BotConfig(proxy = "http://proxy:3128", noProxy = true)) }
        assertEquals("config.proxy", e3.argument)
        val e4 = assertThrows<WecomException.InvalidArgument> { Bot(key, BotConfig(baseUrl = "http://example.com")) }
        assertEquals("base_url", e4.argument)
        val e5 = assertThrows<WecomException.InvalidArgument> {
            Bot(key, BotConfig(rateLimit = RateLimit(windowMs = -1)))
        }
        assertEquals("config.rate_limit.window_ms", e5.argument)
    }

    @Test
    fun defaultsAreTheDocumentedOnes() {
        val c = BotConfig()
        assertEquals(null, c.baseUrl)
        assertEquals(10_000L, c.connectTimeoutMs)
        assertEquals(30_000L, c.timeoutMs)
        assertEquals(300_000L, c.uploadTimeoutMs)
        assertEquals(3, c.maxAttempts)
        assertEquals(RateLimit(enabled = true, maxMessages = 20, windowMs = 60_000, failFast = false, maxWaitMs = 65_000), c.rateLimit)
    }

    @Test
    fun validationErrorsCarryFieldRuleAndLimit() {
        val e = assertThrows<WecomException.Validation> { Text("x".repeat(2049)).toJson() }
        assertEquals("text.content", e.field)
        assertEquals("max_bytes", e.rule)
        assertEquals(2048L, e.limit)
        assertTrue(e is Exception)
        val card = assertThrows<WecomException.Validation> { TextNoticeCard(mainTitle = MainTitle(title = "t")).validate() }
        assertEquals("template_card.card_action", card.field)
    }

    @Test
    fun oddInputIsAnErrorNotACrash() {
        val nan = NewsNoticeCard(
            mainTitle = MainTitle(title = "t"),
            cardImage = CardImage("https://example.com/a.png", aspectRatio = Double.NaN),
            cardAction = CardAction(kind = 1, url = "https://example.com"),
        )
        val e = assertThrows<WecomException.Validation> { nan.toJson() }
        assertEquals("template_card.card_image.aspect_ratio", e.field)
        assertEquals("range", e.rule)
        val many = News(List(100_000) { Article("t$it", "u") })
        assertEquals("max_items", assertThrows<WecomException.Validation> { many.validate() }.rule)
        // A String that is not valid UTF-16 cannot become UTF-8: the generated code refuses it
        // with a CharacterCodingException before the call (documented in docs/kotlin.md).
        assertThrows<java.nio.charset.CharacterCodingException> { Text("\uD800 half a surrogate pair").toJson() }
        assertEquals("io", assertThrows<WecomException.Io> { imageFromPath("/nonexistent/x.png") }.kind().asStr())
        assertEquals("format", assertThrows<WecomException.Validation> { imageFromBytes(ByteArray(0)) }.rule)
    }

    @Test
    fun transportErrorsDoNotShowTheKey() {
        // Port 9 on loopback: nothing listens; one attempt, no retries.
        Bot(key, BotConfig(baseUrl = "http://127.0.0.1:9", maxAttempts = 1, connectTimeoutMs = 2_000)).use { bot ->
            val e = assertThrows<WecomException> { bot.sendText("hello") }
            assertTrue(e is WecomException.Transport || e is WecomException.Timeout, e.toString())
            assertNoKey(e.message, e.toString(), e.detail, e.stackTraceToString())
        }
    }

    @Test
    fun theStoreHoldsTheWindow() {
        // Every attempt takes a slot, delivered or not: two failed sends (nothing listens on
        // port 9) fill a 2-per-minute window kept in the SQLite file. Another bot naming that
        // file is refused by it; one naming a file of its own is not.
        val dir = java.nio.file.Files.createTempDirectory("wecom-kotlin-store")
        val limit = RateLimit(maxMessages = 2, windowMs = 60_000, failFast = true)
        fun bot(store: String) = Bot(
            key,
            BotConfig(baseUrl = "http://127.0.0.1:9", connectTimeoutMs = 2_000, maxAttempts = 1, rateLimit = limit,
                store = store, failOnStoreError = true),
        )
        val shared = "sqlite:${dir.resolve("shared.sqlite3")}"
        bot(shared).use { a ->
            repeat(2) {
                val e = assertThrows<WecomException> { a.sendText("x") }
                assertFalse(e is WecomException.RateLimited, e.toString())
            }
        }
        bot(shared).use { b ->
            assertThrows<WecomException.RateLimited> { b.sendText("x") }
            val status = b.quotaStatus()!!
            assertEquals(2L, status.used)
            assertTrue(status.shared && status.store == shared, status.toString())
        }
        bot("sqlite:${dir.resolve("own.sqlite3")}").use { c ->
            val e = assertThrows<WecomException> { c.sendText("x") }
            assertFalse(e is WecomException.RateLimited, e.toString())
        }
        bot("redis://app:Hunter2Secret@127.0.0.1:1/0").use { down ->
            val e = assertThrows<WecomException.Store> { down.sendText("x") }
            assertEquals(ErrorKind.STORE, e.kind())
            assertFalse(e.toString().contains("Hunter2Secret"), e.toString())
            assertNoKey(e.message, e.toString())
        }
        assertEquals("store", assertThrows<WecomException.InvalidArgument> { bot("postgres://db") }.argument)
        dir.toFile().deleteRecursively()
    }

    @Test
    fun helpersAndRecords() {
        assertEquals("<@zhangsan>", mention("zhangsan"))
        assertEquals("<font color=\"warning\">hot</font>", fontColor("hot", FontColor.WARNING))
        assertEquals("ab", truncate("abc", 2))
        assertEquals("invalid_argument", assertThrows<WecomException.InvalidArgument> { truncate("abc", -1) }.kind().asStr())
        assertEquals(listOf("a\nb"), splitText("a\nb"))
        assertEquals(2, splitText("x".repeat(2048) + "\ny").size)
        val text = Text("hi", mentionedList = listOf("@all"))
        assertEquals("""{"msgtype":"text","text":{"content":"hi","mentioned_list":["@all"]}}""", text.toJson())
        assertEquals(Message.Text(text), text.toMessage())
        assertEquals("text", text.toMessage().msgtype())
        val image = imageFromBytes(byteArrayOf(0x89.toByte(), 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0))
        assertEquals(32, image.md5.length)
        assertEquals("image", image.toMessage().msgtype())
    }
}
