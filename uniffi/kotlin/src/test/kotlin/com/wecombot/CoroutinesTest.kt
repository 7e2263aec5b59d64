package com.wecombot

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/**
 * The suspending layer (Coroutines.kt) against the mock at WECOM_MOCK_URL, and the `detail`
 * accessor read the same way on the base exception and on its subclasses.
 */
class CoroutinesTest {
    private val mock = MockControl()
    private val mockUrl = mock.url

    private fun control(method: String, path: String, body: String? = null): String = mock.call(method, path, body)

    private fun delivered(key: String): Int =
        Regex("\"seq\"").findAll(control("GET", "/_mock/records?key=$key&delivered=true")).count()

    private fun bot(key: String) = Bot(key, BotConfig(baseUrl = mockUrl, rateLimit = RateLimit(enabled = false)))

    @Test
    fun suspendingCallsRunOnTheIoDispatcherAndReachTheServer() = runBlocking {
        val key = "kotlin-coroutines-send-0001"
        bot(key).use { bot ->
            val thread = withContext(Dispatchers.Default) { bot.onIo { Thread.currentThread().name } }
            assertTrue(thread.startsWith("DefaultDispatcher-worker"), thread)
            bot.sendTextSuspending("from a coroutine")
            bot.sendSuspending(Text("a message").toMessage())
            assertEquals(2L, bot.sendTextChunkedSuspending("line\n".repeat(500)))
            val media = bot.uploadBytesSuspending(MediaKind.FILE, "report\n".toByteArray(), "r.txt")
            assertTrue(media.mediaId.isNotEmpty())
            // many at once: each on its own IO thread, all delivered
            (1..8).map { i -> async { bot.sendMarkdownSuspending("**$i**") } }.awaitAll()
        }
        assertEquals(1 + 1 + 2 + 1 + 8, delivered(key))
    }

    @Test
    fun errorsArriveAsTheSameExceptions() = runBlocking {
        bot("kotlin-coroutines-errors-01").use { bot ->
            val e = assertThrows<WecomException.Validation> { runBlocking { bot.sendTextSuspending("") } }
            assertEquals("text.content", e.field)
            val base: WecomException = e
            assertEquals(e.detail, base.detail)
            assertTrue(base.detail.isNotEmpty())
        }
    }

    @Test
    fun detailReadsTheSameOnEverySubclassAndTheBase() {
        val errors: List<WecomException> = listOf(
            WecomException.Validation("f", "required", null, "v"),
            WecomException.Api(93000, "m", "a"),
            WecomException.RateLimited(45009, 1000, "r"),
            WecomException.HttpStatus(502, "h"),
            WecomException.Timeout("receive", true, "t"),
            WecomException.Transport(false, "x"),
            WecomException.Decode(null, "d"),
            WecomException.Io("/p", "i"),
            WecomException.InvalidArgument("key", "k"),
        )
        assertEquals(listOf("v", "a", "r", "h", "t", "x", "d", "i", "k"), errors.map { it.detail })
        assertEquals(listOf(false, false, false, false, true, false, false, false, false), errors.map { it.mayHaveBeenDelivered })
    }

    @Test
    fun aTimeoutAfterTheRequestWentOutMayHaveDeliveredTheMessage() = runBlocking {
        val key = "kotlin-coroutines-maybe-01"
        // The mock holds the answer 3 s (then delivers the message); the client waits 300 ms.
        control("POST", "/_mock/script", """{"key":"$key","fault":{"kind":"delay","ms":3000},"times":1}""")
        Bot(key, BotConfig(baseUrl = mockUrl, timeoutMs = 300, rateLimit = RateLimit(enabled = false))).use { bot ->
            val e = assertThrows<WecomException.Timeout> { runBlocking { bot.sendTextSuspending("slow answer") } }
            assertTrue(e.mayHaveBeenDelivered, e.toString())
            val base: WecomException = e
            assertTrue(base.mayHaveBeenDelivered)
        }
        // A refused connection sent nothing.
        Bot(key, BotConfig(baseUrl = "http://127.0.0.1:9", maxAttempts = 1, connectTimeoutMs = 2_000)).use { bot ->
            val e = assertThrows<WecomException> { runBlocking { bot.sendTextSuspending("nobody home") } }
            assertTrue(!e.mayHaveBeenDelivered, e.toString())
        }
    }

    @Test
    fun cancellingTheCoroutineDoesNotCancelTheRequestInFlight() = runBlocking {
        val key = "kotlin-coroutines-cancel-01"
        // The mock holds the answer 1.5 s, then delivers the message as usual.
        control("POST", "/_mock/script", """{"key":"$key","fault":{"kind":"delay","ms":1500},"times":1}""")
        bot(key).use { bot ->
            var outcome: Throwable? = null
            val job = launch {
                try {
                    bot.sendTextSuspending("sent before the cancel")
                } catch (e: CancellationException) {
                    outcome = e
                    throw e
                }
            }
            delay(300)
            job.cancel()
            job.join()
            assertTrue(job.isCancelled)
            assertNotNull(outcome, "the coroutine ends with CancellationException")
            // ...yet the request ran to its end: the message was delivered.
            var n = 0
            repeat(100) { if (n == 0) { n = delivered(key); if (n == 0) delay(100) } }
            assertEquals(1, n, "the message is delivered although the coroutine was cancelled")
        }
    }
}
