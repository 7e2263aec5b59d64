package com.wecombot.conformance

import com.wecombot.Article
import com.wecombot.CardAction
import com.wecombot.CardImage
import com.wecombot.EmphasisContent
import com.wecombot.File
import com.wecombot.HorizontalContent
import com.wecombot.ImageTextArea
import com.wecombot.Jump
import com.wecombot.MainTitle
import com.wecombot.Markdown
import com.wecombot.MarkdownV2
import com.wecombot.Message
import com.wecombot.News
import com.wecombot.NewsNoticeCard
import com.wecombot.QuoteArea
import com.wecombot.Source
import com.wecombot.Text
import com.wecombot.TextNoticeCard
import com.wecombot.VerticalContent
import com.wecombot.Voice
import com.wecombot.Image
import com.wecombot.imageFromBase64
import com.wecombot.imageFromBytes
import com.wecombot.imageFromPath
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path

/**
 * Builds typed messages from a case's language-neutral message (the spec's wire shape) through
 * the binding's records, field by field; never by handing the JSON to a parser.
 *
 * A required string field absent from the case becomes "" and an absent required number 0,
 * so that the core's validation (not the runner) reports the missing field.
 */
class Build(private val fixtures: Path) {
    fun message(m: Map<String, Any?>): Message {
        val type = m["msgtype"] as String
        val body = obj(m[type]) ?: emptyMap()
        return when (type) {
            "text" -> Message.Text(
                Text(
                    content = str(body, "content"),
                    mentionedList = strs(body["mentioned_list"]),
                    mentionedMobileList = strs(body["mentioned_mobile_list"]),
                ),
            )
            "markdown" -> Message.Markdown(
                Markdown(
                    content = str(body, "content"),
                    mentionedList = strs(body["mentioned_list"]),
                    mentionedMobileList = strs(body["mentioned_mobile_list"]),
                ),
            )
            "markdown_v2" -> Message.MarkdownV2(
                MarkdownV2(
                    content = str(body, "content"),
                    mentionedList = strs(body["mentioned_list"]),
                    mentionedMobileList = strs(body["mentioned_mobile_list"]),
                ),
            )
            "image" -> Message.Image(image(body))
            "news" -> Message.News(News(list(body["articles"]).map { article(obj(it)!!) }))
            "file" -> Message.File(File(str(body, "media_id")))
            "voice" -> Message.Voice(Voice(str(body, "media_id")))
            "template_card" -> when (val cardType = body["card_type"]) {
                "text_notice" -> Message.TextNotice(textNotice(body))
                "news_notice" -> Message.NewsNotice(newsNotice(body))
                else -> throw UnsupportedInput("card_type $cardType cannot be built with the typed API")
            }
            else -> throw UnsupportedInput("msgtype $type cannot be built with the typed API")
        }
    }

    /** The image inputs of the README: fixture path, fixture bytes, padded bytes, hex bytes, or base64+md5. */
    fun image(b: Map<String, Any?>): Image {
        b["base64"]?.let { return imageFromBase64(it as String, str(b, "md5")) }
        b["bytes_hex"]?.let { return imageFromBytes(hex(it as String)) }
        val fixture = fixtures.resolve(b["fixture"] as String)
        val padTo = b["pad_to"]
        return when {
            padTo != null -> imageFromBytes(Files.readAllBytes(fixture).copyOf((padTo as BigDecimal).toInt()))
            b["as"] == "bytes" -> imageFromBytes(Files.readAllBytes(fixture))
            else -> imageFromPath(fixture.toString())
        }
    }

    private fun article(a: Map<String, Any?>) = Article(
        title = str(a, "title"),
        url = str(a, "url"),
        description = opt(a, "description"),
        picurl = opt(a, "picurl"),
    )

    private fun textNotice(c: Map<String, Any?>) = TextNoticeCard(
        source = obj(c["source"])?.let(::source),
        mainTitle = obj(c["main_title"])?.let { MainTitle(title = opt(it, "title"), desc = opt(it, "desc")) },
        emphasisContent = obj(c["emphasis_content"])?.let { EmphasisContent(title = opt(it, "title"), desc = opt(it, "desc")) },
        quoteArea = obj(c["quote_area"])?.let(::quoteArea),
        subTitleText = opt(c, "sub_title_text"),
        horizontalContentList = list(c["horizontal_content_list"]).map { horizontal(obj(it)!!) },
        jumpList = list(c["jump_list"]).map { jump(obj(it)!!) },
        cardAction = obj(c["card_action"])?.let(::cardAction),
    )

    private fun newsNotice(c: Map<String, Any?>) = NewsNoticeCard(
        source = obj(c["source"])?.let(::source),
        mainTitle = obj(c["main_title"])?.let { MainTitle(title = opt(it, "title"), desc = opt(it, "desc")) },
        cardImage = obj(c["card_image"])?.let { CardImage(url = str(it, "url"), aspectRatio = (it["aspect_ratio"] as BigDecimal?)?.toDouble()) },
        imageTextArea = obj(c["image_text_area"])?.let {
            ImageTextArea(
                imageUrl = str(it, "image_url"), kind = long(it, "type"), url = opt(it, "url"), appid = opt(it, "appid"),
                pagepath = opt(it, "pagepath"), title = opt(it, "title"), desc = opt(it, "desc"),
            )
        },
        quoteArea = obj(c["quote_area"])?.let(::quoteArea),
        verticalContentList = list(c["vertical_content_list"]).map { obj(it)!!.let { v -> VerticalContent(title = str(v, "title"), desc = opt(v, "desc")) } },
        horizontalContentList = list(c["horizontal_content_list"]).map { horizontal(obj(it)!!) },
        jumpList = list(c["jump_list"]).map { jump(obj(it)!!) },
        cardAction = obj(c["card_action"])?.let(::cardAction),
    )

    private fun source(s: Map<String, Any?>) = Source(iconUrl = opt(s, "icon_url"), desc = opt(s, "desc"), descColor = long(s, "desc_color"))

    private fun quoteArea(q: Map<String, Any?>) = QuoteArea(
        kind = long(q, "type"), url = opt(q, "url"), appid = opt(q, "appid"), pagepath = opt(q, "pagepath"),
        title = opt(q, "title"), quoteText = opt(q, "quote_text"),
    )

    private fun horizontal(h: Map<String, Any?>) = HorizontalContent(
        keyname = str(h, "keyname"), value = opt(h, "value"), kind = long(h, "type"), url = opt(h, "url"),
        mediaId = opt(h, "media_id"), userid = opt(h, "userid"),
    )

    private fun jump(j: Map<String, Any?>) = Jump(
        title = str(j, "title"), kind = long(j, "type"), url = opt(j, "url"), appid = opt(j, "appid"), pagepath = opt(j, "pagepath"),
    )

    private fun cardAction(a: Map<String, Any?>) = CardAction(
        kind = long(a, "type") ?: 0L, url = opt(a, "url"), appid = opt(a, "appid"), pagepath = opt(a, "pagepath"),
    )

    /** Raised for an input the typed API cannot express (reported as a failure, never skipped). */
    class UnsupportedInput(msg: String) : Exception(msg)

    companion object {
        @Suppress("UNCHECKED_CAST")
        fun obj(v: Any?): Map<String, Any?>? = v as Map<String, Any?>?
        fun list(v: Any?): List<Any?> = (v as List<Any?>?) ?: emptyList()
        fun strs(v: Any?): List<String> = list(v).map { it as String }
        fun str(m: Map<String, Any?>, k: String): String = (m[k] as String?) ?: ""
        fun opt(m: Map<String, Any?>, k: String): String? = m[k] as String?
        fun long(m: Map<String, Any?>, k: String): Long? = (m[k] as BigDecimal?)?.longValueExact()
        fun hex(s: String): ByteArray = ByteArray(s.length / 2) { s.substring(2 * it, 2 * it + 2).toInt(16).toByte() }
    }
}
