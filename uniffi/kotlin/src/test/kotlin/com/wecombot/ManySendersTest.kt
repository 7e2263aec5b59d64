package com.wecombot

import com.google.gson.JsonParser
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

/**
 * The shared quota's many-senders scenario (issue 12) from the Kotlin API: three JVM processes
 * (each with its own XDG_STATE_HOME) and two threads of this one send to one robot, the rate
 * window kept in one SQLite file, at a mock of this test's own that allows 20 messages per 2 s
 * (the bots the same). Only the store can coordinate them: the mock must answer no 45009,
 * deliver every message once, and receive each sender's messages in its order.
 */
class ManySendersTest {
    private val perSender = 12

    /** target/debug/wecom-bot-mock of the workspace this module belongs to. */
    private fun mockBinary(): File {
        var dir: File? = File(System.getProperty("user.dir")).absoluteFile
        while (dir != null) {
            val bin = File(dir, "target/debug/wecom-bot-mock")
            if (bin.canExecute()) return bin
            dir = dir.parentFile
        }
        error("target/debug/wecom-bot-mock not found above ${System.getProperty("user.dir")} (build the workspace)")
    }

    @Test
    fun processesAndThreadsShareOneWindowThroughTheStore() {
        val mock = ProcessBuilder(mockBinary().path, "--port", "0", "--rate-limit", "20/2", "--quiet")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start()
        try {
            val first = mock.inputStream.bufferedReader().readLine() ?: error("the mock printed nothing")
            val mockUrl = first.removePrefix("listening on ")
            val key = "kotlin-many-senders-${System.nanoTime()}"
            val dir = Files.createTempDirectory("wecom-kotlin-many").toFile()
            val store = "sqlite:${dir.path}/shared.sqlite3"

            val java = File(System.getProperty("java.home"), "bin/java").path
            val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
            val children = (1..3).map { n ->
                val state = File(dir, "state-p$n").apply { mkdirs() }
                ProcessBuilder(java, "-cp", classpath, "com.wecombot.ManySendersChildKt", mockUrl, key, store, "p$n", "$perSender")
                    .redirectErrorStream(true)
                    .apply { environment()["XDG_STATE_HOME"] = state.path }
                    .start()
            }
            val failures = mutableListOf<Throwable>()
            val threads = (1..2).map { n ->
                thread { runCatching { sendAll(mockUrl, key, store, "t$n", perSender) }.onFailure { synchronized(failures) { failures += it } } }
            }
            threads.forEach { it.join() }
            children.forEachIndexed { i, child ->
                val output = child.inputStream.bufferedReader().readText()
                check(child.waitFor(60, TimeUnit.SECONDS)) { "sender p${i + 1} did not finish" }
                assertEquals(0, child.exitValue(), "sender p${i + 1}: $output")
            }
            failures.firstOrNull()?.let { throw it }

            val records = JsonParser.parseString(get("$mockUrl/_mock/records?key=$key")).asJsonArray.map { it.asJsonObject }
            val errcodes = records.map { it.getAsJsonObject("reply").getAsJsonObject("json").get("errcode").asInt }
            assertEquals(0, errcodes.count { it == 45009 }, "45009 answers: the store did not coordinate the senders")
            val delivered = records.filter { it.get("delivered").asBoolean }
                .map { it.getAsJsonObject("body_json").getAsJsonObject("text").get("content").asString }
            assertEquals(5 * perSender, delivered.size, "delivered: $delivered")
            assertEquals(delivered.size, delivered.toSet().size, "a message was delivered twice: $delivered")
            delivered.groupBy({ it.substringBefore(' ') }, { it.substringAfter(' ').toInt() }).forEach { (sender, numbers) ->
                assertEquals((1..perSender).toList(), numbers, "$sender's messages out of order")
            }
            dir.deleteRecursively()
        } finally {
            mock.destroy()
            mock.waitFor(10, TimeUnit.SECONDS)
        }
    }

    private fun get(url: String): String =
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body()
}

/** One sender: its own bot (20 per 2 s, in `store`; a store failure throws), `count` texts in order. */
fun sendAll(mockUrl: String, key: String, store: String, sender: String, count: Int) {
    val config = BotConfig(
        baseUrl = mockUrl,
        store = store,
        failOnStoreError = true,
        rateLimit = RateLimit(maxMessages = 20, windowMs = 2000, maxWaitMs = 30_000),
    )
    Bot(key, config).use { bot -> for (i in 1..count) bot.sendText("$sender %02d".format(i)) }
}
