package com.wecombot.conformance

import com.wecombot.Bot
import com.wecombot.BotConfig
import com.wecombot.FontColor
import com.wecombot.MediaKind
import com.wecombot.WecomException
import com.wecombot.fontColor
import com.wecombot.markdownTable
import com.wecombot.mention
import com.wecombot.splitMarkdown
import com.wecombot.splitText
import com.wecombot.truncate
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.Base64

/** What the runner reports (README "Runner contract"). */
class Results {
    val ran = ArrayList<String>()
    val failed = ArrayList<Pair<String, String>>()
    val skipped = ArrayList<Pair<String, String>>()

    fun toJson(): String = Json.write(
        linkedMapOf(
            "language" to "kotlin",
            "ran" to ran,
            "failed" to failed.map { linkedMapOf("id" to it.first, "reason" to it.second) },
            "skipped" to skipped.map { linkedMapOf("id" to it.first, "reason" to it.second) },
        ),
    )
}

/** Runs every case of every file of `cases/`; HTTP cases go to [mockUrl]. */
class Runner(private val confDir: Path, private val fixtures: Path, private val mockUrl: String?) {
    private val build = Build(fixtures)
    private val scratch: Path = Files.createTempDirectory("wecom-kotlin-conformance")

    fun runAll(): Results {
        val results = Results()
        val files = Files.list(confDir.resolve("cases")).use { s -> s.filter { it.toString().endsWith(".json") }.sorted().toList() }
        require(files.isNotEmpty()) { "no case files in ${confDir.resolve("cases")}" }
        for (file in files) {
            val doc = Build.obj(Json.parse(Files.readString(file)))!!
            for (c in Build.list(doc["cases"])) {
                val case = Build.obj(c)!!
                val id = case["id"] as String
                results.ran.add(id)
                val reason = try {
                    runCase(case)
                } catch (e: Throwable) {
                    "runner error: $e"
                }
                if (reason != null) results.failed.add(id to short(reason))
            }
        }
        scratch.toFile().deleteRecursively()
        return results
    }

    /** null when the case passed, else why it failed. */
    private fun runCase(case: Map<String, Any?>): String? {
        val input = Build.obj(case["input"])!!
        val expect = Build.obj(case["expect"])!!
        return when {
            "message" in input -> outcome(expect) { build.message(Build.obj(input["message"])!!).toJson() }
            "split" in input -> {
                val split = Build.obj(input["split"])!!
                val content = split["content"] as String
                val chunks = if (split["mode"] == "text") splitText(content) else splitMarkdown(content)
                if (Json.same(chunks, expect["chunks"])) null else "chunks ${Json.write(chunks)} != ${Json.write(expect["chunks"])}"
            }
            "helper" in input -> outcome(expect) { helper(Build.obj(input["helper"])!!) }
            "send" in input -> {
                val mock = mockUrl ?: return "WECOM_MOCK_URL is not set (run through the harness)"
                // Inside outcome(): a bad key or setting fails the constructor, which the case may expect.
                outcome(expect) {
                    bot(input["key"] as String, mock, Build.obj(case["client"])).use { bot -> bot.send(build.message(Build.obj(input["send"])!!)) }
                    null
                }
            }
            "upload" in input -> {
                val mock = mockUrl ?: return "WECOM_MOCK_URL is not set (run through the harness)"
                outcome(expect) {
                    bot(input["key"] as String, mock, Build.obj(case["client"])).use { bot -> upload(bot, Build.obj(input["upload"])!!) }
                }
            }
            else -> "unknown input ${input.keys}"
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
            else -> throw Build.UnsupportedInput("helper $name")
        }
    }

    private fun bot(key: String, mockUrl: String, client: Map<String, Any?>?): Bot {
        var config = BotConfig(baseUrl = mockUrl)
        for ((k, v) in client ?: emptyMap()) {
            config = when (k) {
                "multipart_boundary" -> config.copy(multipartBoundary = v as String)
                "retry" -> config.copy(maxAttempts = if (v == true) 3 else 1)
                "timeout_ms" -> config.copy(timeoutMs = (v as BigDecimal).longValueExact())
                else -> throw Build.UnsupportedInput("client setting $k")
            }
        }
        return Bot(key, config)
    }

    /** Uploads through `uploadPath` or `uploadBytes`; returns the media. */
    private fun upload(bot: Bot, u: Map<String, Any?>): com.wecombot.Media {
        val kind = if (u["kind"] == "voice") MediaKind.VOICE else MediaKind.FILE
        val filename = u["filename"] as String
        val media = if (u["source"] == "path") {
            val dir = Files.createTempDirectory(scratch, "u")
            val path = dir.resolve(filename)
            if (u["missing"] != true) Files.write(path, content(u))
            bot.uploadPath(kind, path.toString())
        } else {
            bot.uploadBytes(kind, content(u), filename)
        }
        return media
    }

    private fun content(u: Map<String, Any?>): ByteArray {
        u["fixture"]?.let { return Files.readAllBytes(fixtures.resolve(it as String)) }
        u["text"]?.let { return (it as String).toByteArray(Charsets.UTF_8) }
        val g = Build.obj(u["generate"]) ?: throw Build.UnsupportedInput("upload content ${u.keys}")
        val header = Build.hex((g["header_hex"] as String?) ?: "")
        return header.copyOf((g["size"] as BigDecimal).toInt())
    }

    /** Runs [call] and compares its outcome (a JSON body, a helper result, a media, or an error) with [expect]. */
    private fun outcome(expect: Map<String, Any?>, call: () -> Any?): String? {
        val result = try {
            call()
        } catch (e: WecomException) {
            return compareError(expect, e)
        }
        Build.obj(expect["error"])?.let { return "expected error ${Json.write(it)}, got success: ${short(result)}" }
        return when {
            "body_json" in expect -> {
                val actual = Json.parse(result as String)
                if (Json.same(actual, expect["body_json"])) null else "body ${short(result)} != ${short(Json.write(expect["body_json"]))}"
            }
            "image_body" in expect -> imageBody(result as String, Build.obj(expect["image_body"])!!)
            "result" in expect -> if (result == expect["result"]) null else "result ${Json.write(result)} != ${Json.write(expect["result"])}"
            "ok" in expect -> null
            "media" in expect -> {
                val media = result as com.wecombot.Media
                val want = Build.obj(expect["media"])!!["kind"]
                val got = if (media.kind == MediaKind.VOICE) "voice" else "file"
                when {
                    media.mediaId.isEmpty() -> "empty media_id"
                    got != want -> "media kind $got != $want"
                    else -> null
                }
            }
            else -> "unknown expectation ${expect.keys}"
        }
    }

    private fun imageBody(json: String, want: Map<String, Any?>): String? {
        val image = Build.obj(Build.obj(Json.parse(json))!!["image"])!!
        val b64 = image["base64"] as String
        val raw = Base64.getDecoder().decode(b64)
        val md5 = MessageDigest.getInstance("MD5").digest(raw).joinToString("") { "%02x".format(it) }
        return when {
            image["md5"] != want["md5"] || md5 != want["md5"] -> "md5 ${image["md5"]} (computed $md5) != ${want["md5"]}"
            b64.length != (want["base64_len"] as BigDecimal).toInt() -> "base64 length ${b64.length} != ${want["base64_len"]}"
            !b64.startsWith(want["base64_head"] as String) -> "base64 head differs"
            !b64.endsWith(want["base64_tail"] as String) -> "base64 tail differs"
            else -> null
        }
    }

    private fun compareError(expect: Map<String, Any?>, e: WecomException): String? {
        val want = Build.obj(expect["error"]) ?: return "unexpected error: ${e.kind().asStr()}: ${e.message}"
        val kind = kindName(e)
        if (kind != want["kind"]) return "error kind $kind != ${want["kind"]} (${e.message})"
        if (e.kind().asStr() != kind) return "WecomException.kind() says ${e.kind().asStr()} but the class is $kind"
        want["field"]?.let { f ->
            val field = (e as? WecomException.Validation)?.field
            if (field != f) return "error field $field != $f (${e.message})"
        }
        want["errcode"]?.let { c ->
            val code = when (e) {
                is WecomException.Api -> e.errcode
                is WecomException.RateLimited -> e.errcode
                else -> null
            }
            if (code == null || BigDecimal(code).compareTo(c as BigDecimal) != 0) return "errcode $code != $c (${e.message})"
        }
        want["status"]?.let { s ->
            val status = (e as? WecomException.HttpStatus)?.status
            if (status == null || BigDecimal(status).compareTo(s as BigDecimal) != 0) return "status $status != $s (${e.message})"
        }
        return null
    }

    private fun short(v: Any?): String = v.toString().let { if (it.length > 300) it.take(300) + "…" else it }

    companion object {
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
        }
    }
}
