package com.wecombot.conformance

import com.google.gson.GsonBuilder
import com.google.gson.ToNumberPolicy
import com.wecombot.Bot
import com.wecombot.BotConfig
import com.wecombot.FontColor
import com.wecombot.MediaKind
import com.wecombot.WecomException
import com.wecombot.fontColor
import com.wecombot.markdownTable
import com.wecombot.mention
import com.wecombot.splitMarkdown
import com.wecombot.splitMarkdownV2
import com.wecombot.toPlainText
import com.wecombot.toWecomMarkdown
import com.wecombot.toWecomMarkdownV2
import com.wecombot.splitText
import com.wecombot.truncate
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path

/**
 * Runs every case of every file of `cases/` through the Kotlin API and reports what happened
 * per case id (README "Runner contract"); the harness judges it. HTTP cases go to [mockUrl].
 */
class Runner(private val confDir: Path, private val fixtures: Path, private val mockUrl: String?) {
    private val build = Build(fixtures)
    private val scratch: Path = Files.createTempDirectory("wecom-kotlin-conformance")

    /** Every case's outcome, in file order: `{"id": …, "<outcome>": …}`. */
    fun runAll(): List<Map<String, Any?>> {
        val files = Files.list(confDir.resolve("cases")).use { s -> s.filter { it.toString().endsWith(".json") }.sorted().toList() }
        require(files.isNotEmpty()) { "no case files in ${confDir.resolve("cases")}" }
        val outcomes = ArrayList<Map<String, Any?>>()
        for (file in files) {
            val doc = Build.obj(gson.fromJson(Files.readString(file), Any::class.java))!!
            for (c in Build.list(doc["cases"])) {
                val case = Build.obj(c)!!
                val outcome = try {
                    outcome(case)
                } catch (e: Throwable) {
                    mapOf("runner_error" to e.toString())
                }
                outcomes.add(linkedMapOf<String, Any?>("id" to case["id"]) + outcome)
            }
        }
        scratch.toFile().deleteRecursively()
        return outcomes
    }

    /** What happened when the case ran: one key of body / chunks / result / sent / media / error / skipped. */
    private fun outcome(case: Map<String, Any?>): Map<String, Any?> {
        val input = Build.obj(case["input"])!!
        return try {
            when {
                "message" in input -> mapOf("body" to build.message(Build.obj(input["message"])!!).toJson())
                "split" in input -> {
                    val split = Build.obj(input["split"])!!
                    val content = split["content"] as String
                    val chunks = when (split["mode"]) {
                        "text" -> splitText(content)
                        "markdown" -> splitMarkdown(content)
                        "markdown_v2" -> splitMarkdownV2(content)
                        else -> throw Build.UnsupportedInput("split mode ${split["mode"]}")
                    }
                    mapOf("chunks" to chunks)
                }
                "helper" in input -> mapOf("result" to helper(Build.obj(input["helper"])!!))
                // Allowed for Kotlin only for this kind (ALLOWED_SKIPS in the harness's judge.rs).
                "json" in input -> mapOf("skipped" to "the Kotlin binding has no JSON entry point: messages are built with types")
                "send" in input -> bot(case).use { bot ->
                    bot.send(build.message(Build.obj(input["send"])!!))
                    mapOf("sent" to true)
                }
                "upload" in input -> bot(case).use { bot ->
                    val media = upload(bot, Build.obj(input["upload"])!!)
                    mapOf("media" to mapOf("kind" to if (media.kind == MediaKind.VOICE) "voice" else "file", "media_id" to media.mediaId))
                }
                else -> throw Build.UnsupportedInput("input ${input.keys}")
            }
        } catch (e: WecomException) {
            mapOf("error" to errorReport(e))
        }
    }

    private fun helper(h: Map<String, Any?>): String {
        val args = Build.list(h["args"])
        return when (val name = h["name"]) {
            "mention" -> mention(args[0] as String)
            "font_color" -> fontColor(
                args[0] as String,
                when (args[1]) {
                    "info" -> FontColor.INFO
                    "comment" -> FontColor.COMMENT
                    "warning" -> FontColor.WARNING
                    else -> throw Build.UnsupportedInput("font colour ${args[1]}")
                },
            )
            "markdown_table" -> markdownTable(Build.strs(args[0]), Build.list(args[1]).map { Build.strs(it) })
            "truncate" -> truncate(args[0] as String, (args[1] as BigDecimal).longValueExact())
            "to_wecom_markdown" -> toWecomMarkdown(args[0] as String)
            "to_wecom_markdown_v2" -> toWecomMarkdownV2(args[0] as String)
            "to_plain_text" -> toPlainText(args[0] as String)
            else -> throw Build.UnsupportedInput("helper $name")
        }
    }

    /** A bot for an HTTP case; a bad key or setting throws, which the case may expect. */
    private fun bot(case: Map<String, Any?>): Bot {
        val mock = mockUrl ?: throw Build.UnsupportedInput("an HTTP case without WECOM_MOCK_URL (run through the harness)")
        var config = BotConfig(baseUrl = mock)
        for ((k, v) in Build.obj(case["client"]) ?: emptyMap()) {
            config = when (k) {
                "multipart_boundary" -> config.copy(multipartBoundary = v as String)
                "retry" -> config.copy(maxAttempts = if (v == true) 3 else 1)
                "timeout_ms" -> config.copy(timeoutMs = (v as BigDecimal).longValueExact())
                else -> throw Build.UnsupportedInput("client setting $k")
            }
        }
        return Bot(Build.obj(case["input"])!!["key"] as String, config)
    }

    /** Uploads through `uploadPath` or `uploadBytes`; returns the media. */
    private fun upload(bot: Bot, u: Map<String, Any?>): com.wecombot.Media {
        val kind = if (u["kind"] == "voice") MediaKind.VOICE else MediaKind.FILE
        val filename = u["filename"] as String
        return if (u["source"] == "path") {
            val dir = Files.createTempDirectory(scratch, "u")
            val path = dir.resolve(filename)
            if (u["missing"] != true) Files.write(path, content(u))
            bot.uploadPath(kind, path.toString())
        } else {
            bot.uploadBytes(kind, content(u), filename)
        }
    }

    private fun content(u: Map<String, Any?>): ByteArray {
        u["fixture"]?.let { return Files.readAllBytes(fixtures.resolve(it as String)) }
        u["text"]?.let { return (it as String).toByteArray(Charsets.UTF_8) }
        val g = Build.obj(u["generate"]) ?: throw Build.UnsupportedInput("upload content ${u.keys}")
        val header = Build.hex((g["header_hex"] as String?) ?: "")
        return header.copyOf((g["size"] as BigDecimal).toInt())
    }

    /** The `error` outcome; the exception's class and its kind() must agree. */
    private fun errorReport(e: WecomException): Map<String, Any?> {
        val kind = kindName(e)
        check(e.kind().asStr() == kind) { "WecomException.kind() says ${e.kind().asStr()} but the class is $kind" }
        val report = linkedMapOf<String, Any?>("kind" to kind, "message" to e.message)
        (e as? WecomException.Validation)?.let { report["field"] = it.field }
        when (e) {
            is WecomException.Api -> report["errcode"] = e.errcode
            is WecomException.RateLimited -> report["errcode"] = e.errcode
            is WecomException.HttpStatus -> report["status"] = e.status.toLong()
            else -> {}
        }
        return report
    }

    companion object {
        /** Numbers as BigDecimal (exact), maps and lists as Kotlin sees them. */
        val gson = GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.BIG_DECIMAL).disableHtmlEscaping().create()!!

        /** The binding's one table from exception class to the stable kind name. */
        fun kindName(e: WecomException): String = when (e) {
            is WecomException.Validation -> "validation"
            is WecomException.Api -> "api"
            is WecomException.RateLimited -> "rate_limited"
            is WecomException.HttpStatus -> "http_status"
            is WecomException.Timeout -> "timeout"
            is WecomException.Transport -> "transport"
            is WecomException.Decode -> "decode"
            is WecomException.Io -> "io"
            is WecomException.InvalidArgument -> "invalid_argument"
            is WecomException.Store -> "store"
        }
    }
}
