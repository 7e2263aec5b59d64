package com.wecombot

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.nio.file.Files
import java.nio.file.Path

/**
 * The outbox (issue 13) against the mock at WECOM_MOCK_URL, with a SQLite store per test:
 * messages enqueued while the rate window is full go out packed in one message, a deliverer
 * thread drains on stop, dead letters are listed and re-queued.
 */
class OutboxTest {
    private val mock = MockControl()
    private val mockUrl = mock.url

    private fun control(method: String, path: String, body: String? = null): String = mock.call(method, path, body)

    private fun delivered(key: String): String = control("GET", "/_mock/records?key=$key&delivered=true")

    /** JUnit makes this directory for each test and deletes it afterwards. */
    @TempDir
    lateinit var scratch: Path

    private fun store(): String = "sqlite:${Files.createTempDirectory(scratch, "outbox")}/outbox.sqlite3"

    /** A bot whose window (2 messages per 3 s, waiting for a slot) is kept in `store`. */
    private fun bot(key: String, store: String) =
        Bot(key, BotConfig(baseUrl = mockUrl, store = store, rateLimit = RateLimit(maxMessages = 2, windowMs = 3000)))

    @Test
    fun messagesQueuedWhileTheWindowIsFullGoOutPacked() {
        val key = "kotlin-outbox-pack-${System.nanoTime()}"
        bot(key, store()).use { bot ->
            Outbox(bot, OutboxConfig()).use { outbox ->
                bot.sendText("direct 1")
                bot.sendText("direct 2") // the window is full now
                val ids = (1..5).map { outbox.enqueue(Text("alert $it").toMessage()) }
                assertEquals(ids.sorted(), ids)
                val bad = assertThrows<WecomException.Validation> { outbox.enqueue(Text("").toMessage()) }
                assertEquals("text.content", bad.field)
                assertEquals(5L, outbox.status().pending)
                val report = outbox.runUntilEmpty(60_000)
                assertEquals(5L, report.delivered)
                assertEquals(1L, report.sent) // one request carried all five
                val status = outbox.status()
                assertEquals(0L, status.pending)
                assertNull(status.oldestMs)
                assertEquals(5L, status.delivered)
            }
        }
        val records = delivered(key)
        assertEquals(3, Regex("\"seq\"").findAll(records).count(), records)
        assertTrue(records.contains("alert 1\\n\\nalert 2\\n\\nalert 3\\n\\nalert 4\\n\\nalert 5"), records)
    }

    @Test
    fun aDelivererThreadDrainsOnStop() {
        val key = "kotlin-outbox-deliverer-${System.nanoTime()}"
        bot(key, store()).use { bot ->
            Outbox(bot, OutboxConfig(pollMs = 50)).use { outbox ->
                bot.sendText("direct 1")
                bot.sendText("direct 2")
                listOf("**disk** full on db1", "**cpu** high", "db1 ok").forEach { outbox.enqueue(Markdown(it).toMessage()) }
                outbox.start()
                assertTrue(outbox.isRunning())
                assertThrows<WecomException.InvalidArgument> { outbox.start() }
                val report = outbox.stop(30_000)!!
                assertEquals(3L, report.delivered)
                assertEquals(1L, report.sent)
                assertFalse(outbox.isRunning())
                assertNull(outbox.stop(0))
            }
        }
        assertTrue(delivered(key).contains("**disk** full on db1\\n\\n**cpu** high\\n\\ndb1 ok"))
    }

    @Test
    fun deadLettersAreListedAndRequeued() {
        val key = "kotlin-outbox-dead-${System.nanoTime()}"
        control("POST", "/_mock/script", """{"key":"$key","fault":{"kind":"errcode","errcode":93000},"times":1}""")
        bot(key, store()).use { bot ->
            Outbox(bot, OutboxConfig()).use { outbox ->
                val id = outbox.enqueue(Text("to a deleted robot").toMessage())
                assertEquals(1L, outbox.runUntilEmpty(60_000).dead)
                val dead = outbox.deadLetters().single()
                assertEquals(id, dead.id)
                assertTrue(dead.error.contains("93000"), dead.error)
                assertFalse(dead.error.contains(key))
                assertEquals(1L, outbox.retryDead(listOf(id)))
                assertEquals(1L, outbox.runUntilEmpty(60_000).delivered)
                assertEquals(0L, outbox.purge(true))
                val e = assertThrows<WecomException.InvalidArgument> { Outbox(bot, OutboxConfig(leaseMs = 0)) }
                assertEquals("config.lease_ms", e.argument)
            }
        }
        assertEquals(1, Regex("\"seq\"").findAll(delivered(key)).count())
    }
}
