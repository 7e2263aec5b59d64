//! The template card records: the `text_notice` and `news_notice` cards and their parts.
//!
//! Every field the spec marks optional is optional here too (default: absent), and so are the
//! card parts the spec requires (`card_action`, …): the core's validation names what is
//! missing. Integer `type` fields are called `kind` (serialized as `"type"`).

use wecom_bot as wb;

/// The text notice card: needs `main_title.title` or `sub_title_text`, and `card_action`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TextNoticeCard {
    /// Where the card comes from (icon, text, colour).
    #[uniffi(default = None)]
    pub source: Option<Source>,
    /// The main title and its description.
    #[uniffi(default = None)]
    pub main_title: Option<MainTitle>,
    /// A key figure shown large.
    #[uniffi(default = None)]
    pub emphasis_content: Option<EmphasisContent>,
    /// A quoted passage, optionally clickable.
    #[uniffi(default = None)]
    pub quote_area: Option<QuoteArea>,
    /// Secondary plain text.
    #[uniffi(default = None)]
    pub sub_title_text: Option<String>,
    /// Up to 6 key/value lines.
    #[uniffi(default = [])]
    pub horizontal_content_list: Vec<HorizontalContent>,
    /// Up to 3 links at the bottom.
    #[uniffi(default = [])]
    pub jump_list: Vec<Jump>,
    /// What a click on the card does (required).
    #[uniffi(default = None)]
    pub card_action: Option<CardAction>,
}

/// The news notice card: needs `main_title.title`, `card_image.url` and `card_action`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewsNoticeCard {
    /// Where the card comes from (icon, text, colour).
    #[uniffi(default = None)]
    pub source: Option<Source>,
    /// The main title (required) and its description.
    #[uniffi(default = None)]
    pub main_title: Option<MainTitle>,
    /// The big picture (required).
    #[uniffi(default = None)]
    pub card_image: Option<CardImage>,
    /// A picture-left, text-right area.
    #[uniffi(default = None)]
    pub image_text_area: Option<ImageTextArea>,
    /// A quoted passage, optionally clickable.
    #[uniffi(default = None)]
    pub quote_area: Option<QuoteArea>,
    /// Up to 4 title/description blocks.
    #[uniffi(default = [])]
    pub vertical_content_list: Vec<VerticalContent>,
    /// Up to 6 key/value lines.
    #[uniffi(default = [])]
    pub horizontal_content_list: Vec<HorizontalContent>,
    /// Up to 3 links at the bottom.
    #[uniffi(default = [])]
    pub jump_list: Vec<Jump>,
    /// What a click on the card does (required).
    #[uniffi(default = None)]
    pub card_action: Option<CardAction>,
}

/// `source`: the card's origin line.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Source {
    /// Icon URL.
    #[uniffi(default = None)]
    pub icon_url: Option<String>,
    /// Text next to the icon.
    #[uniffi(default = None)]
    pub desc: Option<String>,
    /// 0 grey (default), 1 black, 2 red, 3 green.
    #[uniffi(default = None)]
    pub desc_color: Option<i64>,
}

/// `main_title`: the card's first-level title and its description.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MainTitle {
    /// The title.
    #[uniffi(default = None)]
    pub title: Option<String>,
    /// Its description.
    #[uniffi(default = None)]
    pub desc: Option<String>,
}

/// `emphasis_content`: a key figure and what it means.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EmphasisContent {
    /// The figure, e.g. "100".
    #[uniffi(default = None)]
    pub title: Option<String>,
    /// What it means.
    #[uniffi(default = None)]
    pub desc: Option<String>,
}

/// `quote_area`: `kind` 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuoteArea {
    /// `type`: 0 none, 1 url, 2 mini program.
    #[uniffi(default = None)]
    pub kind: Option<i64>,
    /// Required when kind is 1.
    #[uniffi(default = None)]
    pub url: Option<String>,
    /// Required when kind is 2.
    #[uniffi(default = None)]
    pub appid: Option<String>,
    /// Optional when kind is 2.
    #[uniffi(default = None)]
    pub pagepath: Option<String>,
    /// The quote's title.
    #[uniffi(default = None)]
    pub title: Option<String>,
    /// The quoted text.
    #[uniffi(default = None)]
    pub quote_text: Option<String>,
}

/// One `horizontal_content_list` line: `kind` 0 plain, 1 url, 2 file (`media_id`), 3 member (`userid`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HorizontalContent {
    /// The key (required).
    pub keyname: String,
    /// The value; for kind 2 the file name shown.
    #[uniffi(default = None)]
    pub value: Option<String>,
    /// `type`: 0 or absent plain, 1 url, 2 file attachment, 3 member details.
    #[uniffi(default = None)]
    pub kind: Option<i64>,
    /// Required when kind is 1.
    #[uniffi(default = None)]
    pub url: Option<String>,
    /// Required when kind is 2.
    #[uniffi(default = None)]
    pub media_id: Option<String>,
    /// Required when kind is 3.
    #[uniffi(default = None)]
    pub userid: Option<String>,
}

/// One `jump_list` link: `kind` 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Jump {
    /// The link text (required).
    pub title: String,
    /// `type`: 0 or absent not a link, 1 url, 2 mini program.
    #[uniffi(default = None)]
    pub kind: Option<i64>,
    /// Required when kind is 1.
    #[uniffi(default = None)]
    pub url: Option<String>,
    /// Required when kind is 2.
    #[uniffi(default = None)]
    pub appid: Option<String>,
    /// Optional when kind is 2.
    #[uniffi(default = None)]
    pub pagepath: Option<String>,
}

/// `card_action`: `kind` 1 url (needs `url`) or 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardAction {
    /// `type`: 1 url, 2 mini program.
    pub kind: i64,
    /// Required when kind is 1.
    #[uniffi(default = None)]
    pub url: Option<String>,
    /// Required when kind is 2.
    #[uniffi(default = None)]
    pub appid: Option<String>,
    /// Optional when kind is 2.
    #[uniffi(default = None)]
    pub pagepath: Option<String>,
}

/// `card_image`: the news notice card's picture; `aspect_ratio` 1.3 to 2.25.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CardImage {
    /// The picture URL (required).
    pub url: String,
    /// Width / height, 1.3 to 2.25 inclusive (server default 1.3).
    #[uniffi(default = None)]
    pub aspect_ratio: Option<f64>,
}

/// `image_text_area`: picture left, text right; `image_url` required; `kind` as in [`QuoteArea`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ImageTextArea {
    /// The picture URL (required).
    pub image_url: String,
    /// `type`: 0 none, 1 url, 2 mini program.
    #[uniffi(default = None)]
    pub kind: Option<i64>,
    /// Required when kind is 1.
    #[uniffi(default = None)]
    pub url: Option<String>,
    /// Required when kind is 2.
    #[uniffi(default = None)]
    pub appid: Option<String>,
    /// Optional when kind is 2.
    #[uniffi(default = None)]
    pub pagepath: Option<String>,
    /// Title.
    #[uniffi(default = None)]
    pub title: Option<String>,
    /// Description.
    #[uniffi(default = None)]
    pub desc: Option<String>,
}

/// One `vertical_content_list` block (`title` required).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct VerticalContent {
    /// The block's title (required).
    pub title: String,
    /// Its text.
    #[uniffi(default = None)]
    pub desc: Option<String>,
}

// ---- conversions to the core (field for field) -------------------------------------

fn list<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(B::from).collect()
}

impl From<TextNoticeCard> for wb::TextNoticeCard {
    fn from(c: TextNoticeCard) -> Self {
        wb::TextNoticeCard {
            source: c.source.map(Into::into),
            main_title: c.main_title.map(Into::into),
            emphasis_content: c.emphasis_content.map(Into::into),
            quote_area: c.quote_area.map(Into::into),
            sub_title_text: c.sub_title_text,
            horizontal_content_list: list(c.horizontal_content_list),
            jump_list: list(c.jump_list),
            card_action: c.card_action.map(Into::into),
        }
    }
}

impl From<NewsNoticeCard> for wb::NewsNoticeCard {
    fn from(c: NewsNoticeCard) -> Self {
        wb::NewsNoticeCard {
            source: c.source.map(Into::into),
            main_title: c.main_title.map(Into::into),
            card_image: c.card_image.map(Into::into),
            image_text_area: c.image_text_area.map(Into::into),
            quote_area: c.quote_area.map(Into::into),
            vertical_content_list: list(c.vertical_content_list),
            horizontal_content_list: list(c.horizontal_content_list),
            jump_list: list(c.jump_list),
            card_action: c.card_action.map(Into::into),
        }
    }
}

impl From<Source> for wb::Source {
    fn from(s: Source) -> Self {
        wb::Source { icon_url: s.icon_url, desc: s.desc, desc_color: s.desc_color }
    }
}

impl From<MainTitle> for wb::MainTitle {
    fn from(t: MainTitle) -> Self {
        wb::MainTitle { title: t.title, desc: t.desc }
    }
}

impl From<EmphasisContent> for wb::EmphasisContent {
    fn from(e: EmphasisContent) -> Self {
        wb::EmphasisContent { title: e.title, desc: e.desc }
    }
}

impl From<QuoteArea> for wb::QuoteArea {
    fn from(q: QuoteArea) -> Self {
        wb::QuoteArea {
            kind: q.kind,
            url: q.url,
            appid: q.appid,
            pagepath: q.pagepath,
            title: q.title,
            quote_text: q.quote_text,
        }
    }
}

impl From<HorizontalContent> for wb::HorizontalContent {
    fn from(h: HorizontalContent) -> Self {
        wb::HorizontalContent {
            keyname: h.keyname,
            value: h.value,
            kind: h.kind,
            url: h.url,
            media_id: h.media_id,
            userid: h.userid,
        }
    }
}

impl From<Jump> for wb::Jump {
    fn from(j: Jump) -> Self {
        wb::Jump { kind: j.kind, url: j.url, appid: j.appid, pagepath: j.pagepath, title: j.title }
    }
}

impl From<CardAction> for wb::CardAction {
    fn from(a: CardAction) -> Self {
        wb::CardAction { kind: a.kind, url: a.url, appid: a.appid, pagepath: a.pagepath }
    }
}

impl From<CardImage> for wb::CardImage {
    fn from(i: CardImage) -> Self {
        wb::CardImage { url: i.url, aspect_ratio: i.aspect_ratio }
    }
}

impl From<ImageTextArea> for wb::ImageTextArea {
    fn from(a: ImageTextArea) -> Self {
        wb::ImageTextArea {
            kind: a.kind,
            url: a.url,
            appid: a.appid,
            pagepath: a.pagepath,
            title: a.title,
            desc: a.desc,
            image_url: a.image_url,
        }
    }
}

impl From<VerticalContent> for wb::VerticalContent {
    fn from(v: VerticalContent) -> Self {
        wb::VerticalContent { title: v.title, desc: v.desc }
    }
}
