// Builds typed messages from a case's language-neutral message (the spec's wire shape)
// through the WecomBot structs, field by field; never by handing the JSON to a parser.
// A required string absent from the case becomes "" and an absent required number 0, so that
// the core's validation (not the runner) reports the missing field.
import Foundation
import WecomBot

struct UnsupportedInput: Error, CustomStringConvertible {
    let description: String
}

struct Build {
    let fixtures: URL

    func message(_ m: JSON) throws -> Message {
        let type = m["msgtype"]?.string ?? ""
        let body = m[type] ?? .object([:])
        switch type {
        case "text":
            return .text(Text(content: str(body, "content"), mentionedList: strs(body["mentioned_list"]),
                              mentionedMobileList: strs(body["mentioned_mobile_list"])))
        case "markdown":
            return .markdown(Markdown(content: str(body, "content"), mentionedList: strs(body["mentioned_list"]),
                                      mentionedMobileList: strs(body["mentioned_mobile_list"])))
        case "markdown_v2":
            return .markdownV2(MarkdownV2(content: str(body, "content"), mentionedList: strs(body["mentioned_list"]),
                                          mentionedMobileList: strs(body["mentioned_mobile_list"])))
        case "image": return .image(try image(body))
        case "news": return .news(News(articles: list(body["articles"]).map(article)))
        case "file": return .file(File(mediaId: str(body, "media_id")))
        case "voice": return .voice(Voice(mediaId: str(body, "media_id")))
        case "template_card":
            switch body["card_type"]?.string {
            case "text_notice": return .textNotice(textNotice(body))
            case "news_notice": return .newsNotice(newsNotice(body))
            default: throw UnsupportedInput(description: "card_type \(body["card_type"]?.write() ?? "absent")")
            }
        default: throw UnsupportedInput(description: "msgtype \(type)")
        }
    }

    /// The image inputs of the README: fixture path, fixture bytes, padded bytes, hex bytes, or base64+md5.
    func image(_ b: JSON) throws -> Image {
        if let b64 = b["base64"]?.string { return imageFromBase64(base64: b64, md5: str(b, "md5")) }
        if let hex = b["bytes_hex"]?.string { return try imageFromBytes(bytes: Build.hex(hex)) }
        let path = fixtures.appendingPathComponent(str(b, "fixture"))
        if let padTo = b["pad_to"]?.int64 {
            var bytes = try Data(contentsOf: path)
            bytes.append(Data(count: max(0, Int(padTo) - bytes.count)))
            return try imageFromBytes(bytes: bytes)
        }
        if b["as"]?.string == "bytes" { return try imageFromBytes(bytes: try Data(contentsOf: path)) }
        return try imageFromPath(path: path.path)
    }

    private func article(_ a: JSON) -> Article {
        Article(title: str(a, "title"), url: str(a, "url"), description: opt(a, "description"), picurl: opt(a, "picurl"))
    }

    private func textNotice(_ c: JSON) -> TextNoticeCard {
        TextNoticeCard(
            source: c["source"].map(source),
            mainTitle: c["main_title"].map { MainTitle(title: opt($0, "title"), desc: opt($0, "desc")) },
            emphasisContent: c["emphasis_content"].map { EmphasisContent(title: opt($0, "title"), desc: opt($0, "desc")) },
            quoteArea: c["quote_area"].map(quoteArea),
            subTitleText: opt(c, "sub_title_text"),
            horizontalContentList: list(c["horizontal_content_list"]).map(horizontal),
            jumpList: list(c["jump_list"]).map(jump),
            cardAction: c["card_action"].map(cardAction)
        )
    }

    private func newsNotice(_ c: JSON) -> NewsNoticeCard {
        NewsNoticeCard(
            source: c["source"].map(source),
            mainTitle: c["main_title"].map { MainTitle(title: opt($0, "title"), desc: opt($0, "desc")) },
            cardImage: c["card_image"].map { CardImage(url: str($0, "url"), aspectRatio: $0["aspect_ratio"]?.double) },
            imageTextArea: c["image_text_area"].map {
                ImageTextArea(imageUrl: str($0, "image_url"), kind: $0["type"]?.int64, url: opt($0, "url"), appid: opt($0, "appid"),
                              pagepath: opt($0, "pagepath"), title: opt($0, "title"), desc: opt($0, "desc"))
            },
            quoteArea: c["quote_area"].map(quoteArea),
            verticalContentList: list(c["vertical_content_list"]).map { VerticalContent(title: str($0, "title"), desc: opt($0, "desc")) },
            horizontalContentList: list(c["horizontal_content_list"]).map(horizontal),
            jumpList: list(c["jump_list"]).map(jump),
            cardAction: c["card_action"].map(cardAction)
        )
    }

    private func source(_ s: JSON) -> Source {
        Source(iconUrl: opt(s, "icon_url"), desc: opt(s, "desc"), descColor: s["desc_color"]?.int64)
    }

    private func quoteArea(_ q: JSON) -> QuoteArea {
        QuoteArea(kind: q["type"]?.int64, url: opt(q, "url"), appid: opt(q, "appid"), pagepath: opt(q, "pagepath"),
                  title: opt(q, "title"), quoteText: opt(q, "quote_text"))
    }

    private func horizontal(_ h: JSON) -> HorizontalContent {
        HorizontalContent(keyname: str(h, "keyname"), value: opt(h, "value"), kind: h["type"]?.int64, url: opt(h, "url"),
                          mediaId: opt(h, "media_id"), userid: opt(h, "userid"))
    }

    private func jump(_ j: JSON) -> Jump {
        Jump(title: str(j, "title"), kind: j["type"]?.int64, url: opt(j, "url"), appid: opt(j, "appid"), pagepath: opt(j, "pagepath"))
    }

    private func cardAction(_ a: JSON) -> CardAction {
        CardAction(kind: a["type"]?.int64 ?? 0, url: opt(a, "url"), appid: opt(a, "appid"), pagepath: opt(a, "pagepath"))
    }

    func list(_ v: JSON?) -> [JSON] { v?.array ?? [] }
    func strs(_ v: JSON?) -> [String] { list(v).compactMap { $0.string } }
    func str(_ m: JSON, _ k: String) -> String { m[k]?.string ?? "" }
    func opt(_ m: JSON, _ k: String) -> String? { m[k]?.string }

    static func hex(_ s: String) -> Data {
        let chars = Array(s.utf8)
        var out = Data(capacity: chars.count / 2)
        var i = 0
        while i + 1 < chars.count {
            out.append(UInt8(String(decoding: chars[i...i + 1], as: UTF8.self), radix: 16) ?? 0)
            i += 2
        }
        return out
    }
}
