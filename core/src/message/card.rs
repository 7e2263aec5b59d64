//! template_card: the `text_notice` and `news_notice` cards and their parts.
//!
//! Integer "type" fields are plain `i64` so that any value a caller or a JSON document gives
//! reaches validation, which names the field and the allowed values; the constructors on each
//! part (`Jump::url`, `CardAction::mini_program`, …) set them for you.

use super::{null_as_empty, parse_part, Dropped};
use crate::check::{self, join};
use crate::error::{Error, Result, Rule};
use crate::limits::{
    ASPECT_RATIO_MAX, ASPECT_RATIO_MIN, CARD_ACTION_TYPES, CLICK_TYPE_MAX, DESC_COLOR_MAX, HORIZONTAL_CONTENT_MAX,
    HORIZONTAL_TYPE_MAX, JUMP_LIST_MAX, VERTICAL_CONTENT_MAX,
};
use serde::{Deserialize, Serialize};

const CARD: &str = "template_card";

/// A template card message: one of the two card types the group robot supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "card_type", rename_all = "snake_case")]
pub enum TemplateCard {
    /// `card_type: text_notice`
    TextNotice(TextNoticeCard),
    /// `card_type: news_notice`
    NewsNotice(NewsNoticeCard),
}

impl TemplateCard {
    /// The wire `card_type`.
    pub fn card_type(&self) -> &'static str {
        match self {
            TemplateCard::TextNotice(_) => "text_notice",
            TemplateCard::NewsNotice(_) => "news_notice",
        }
    }

    /// Checks every rule of the card's table in the spec.
    pub fn validate(&self) -> Result<()> {
        match self {
            TemplateCard::TextNotice(c) => c.validate(),
            TemplateCard::NewsNotice(c) => c.validate(),
        }
    }

    pub(crate) fn horizontal_content_list(&self) -> &[HorizontalContent] {
        match self {
            TemplateCard::TextNotice(c) => &c.horizontal_content_list,
            TemplateCard::NewsNotice(c) => &c.horizontal_content_list,
        }
    }

    pub(crate) fn from_value(value: serde_json::Value, dropped: Dropped<'_>) -> Result<TemplateCard> {
        let serde_json::Value::Object(mut map) = value else {
            return Err(Error::validation(CARD, Rule::Format, "template_card must be a JSON object"));
        };
        let field = "template_card.card_type";
        match map.remove("card_type") {
            Some(serde_json::Value::String(t)) if t == "text_notice" => {
                Ok(TemplateCard::TextNotice(parse_part(CARD, serde_json::Value::Object(map), dropped)?))
            }
            Some(serde_json::Value::String(t)) if t == "news_notice" => {
                Ok(TemplateCard::NewsNotice(parse_part(CARD, serde_json::Value::Object(map), dropped)?))
            }
            Some(other) => Err(Error::validation(
                field,
                Rule::AllowedValues,
                format!("{field} is {other}; the group robot supports \"text_notice\" and \"news_notice\""),
            )),
            None => Err(Error::validation(field, Rule::Required, format!("{field} is required"))),
        }
    }
}

/// The text notice card (`text_notice`): needs `main_title.title` or `sub_title_text`, and `card_action`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextNoticeCard {
    /// Where the card comes from (icon, text, colour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The main title and its description. The spec makes the object required (only its
    /// `title` is optional), so it is always sent, as `{}` when `None`; a JSON card without
    /// it is refused.
    #[serde(serialize_with = "main_title_always", deserialize_with = "main_title_required")]
    pub main_title: Option<MainTitle>,
    /// A key figure shown large.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emphasis_content: Option<EmphasisContent>,
    /// A quoted passage, optionally clickable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_area: Option<QuoteArea>,
    /// Secondary plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_title_text: Option<String>,
    /// Up to 6 key/value lines.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub horizontal_content_list: Vec<HorizontalContent>,
    /// Up to 3 links at the bottom.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub jump_list: Vec<Jump>,
    /// What a click on the card does (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_action: Option<CardAction>,
}

/// The news notice card (`news_notice`): needs `main_title.title`, `card_image.url` and `card_action`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsNoticeCard {
    /// Where the card comes from (icon, text, colour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The main title (required) and its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_title: Option<MainTitle>,
    /// The big picture (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_image: Option<CardImage>,
    /// A picture-left, text-right area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_text_area: Option<ImageTextArea>,
    /// A quoted passage, optionally clickable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_area: Option<QuoteArea>,
    /// Up to 4 title/description blocks.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub vertical_content_list: Vec<VerticalContent>,
    /// Up to 6 key/value lines.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub horizontal_content_list: Vec<HorizontalContent>,
    /// Up to 3 links at the bottom.
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub jump_list: Vec<Jump>,
    /// What a click on the card does (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_action: Option<CardAction>,
}

/// `source`: the card's origin line.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Icon URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// Text next to the icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// 0 grey (default), 1 black, 2 red, 3 green — see [`DescColor`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc_color: Option<i64>,
}

/// The colours of `source.desc_color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i64)]
pub enum DescColor {
    /// 0, the default.
    Grey = 0,
    /// 1
    Black = 1,
    /// 2
    Red = 2,
    /// 3
    Green = 3,
}

/// `main_title`: the card's first-level title and its description.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MainTitle {
    /// The title (≈ 26 characters suggested).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
}

/// `emphasis_content`: a key figure and what it means.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmphasisContent {
    /// The figure, e.g. "100".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
}

/// `quote_area`: a quoted passage; `type` 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteArea {
    /// 0 none, 1 url, 2 mini program.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Required when type is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Required when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Optional when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagepath: Option<String>,
    /// The quote's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The quoted text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_text: Option<String>,
}

/// One `horizontal_content_list` line: `type` 0 plain, 1 url, 2 file (`media_id`), 3 member (`userid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HorizontalContent {
    /// The key (required).
    pub keyname: String,
    /// The value; for type 2 the file name shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// 0 or absent plain, 1 url, 2 file attachment, 3 member details.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Required when type is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Required when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_id: Option<String>,
    /// Required when type is 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub userid: Option<String>,
}

/// One `jump_list` link: `type` 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jump {
    /// 0 or absent: not a link; 1 url; 2 mini program.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Required when type is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Required when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Optional when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagepath: Option<String>,
    /// The link text (required).
    pub title: String,
}

/// `card_action`: what a click on the card does; `type` 1 url (needs `url`) or 2 mini program (needs `appid`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardAction {
    /// 1 url, 2 mini program.
    #[serde(rename = "type")]
    pub kind: i64,
    /// Required when type is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Required when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Optional when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagepath: Option<String>,
}

/// `card_image`: the news notice card's picture (`url` required; `aspect_ratio` 1.3 to 2.25).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardImage {
    /// The picture URL (required).
    pub url: String,
    /// Width / height, 1.3 to 2.25 inclusive; the server's default is 1.3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect_ratio: Option<f64>,
}

/// `image_text_area`: picture left, text right; `image_url` required; `type` as in [`QuoteArea`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageTextArea {
    /// 0 none, 1 url, 2 mini program.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
    /// Required when type is 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Required when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appid: Option<String>,
    /// Optional when type is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagepath: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// The picture URL (required).
    pub image_url: String,
}

/// One `vertical_content_list` block (`title` required).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerticalContent {
    /// The block's title (required).
    pub title: String,
    /// Its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
}

fn main_title_always<S: serde::Serializer>(t: &Option<MainTitle>, s: S) -> std::result::Result<S::Ok, S::Error> {
    t.clone().unwrap_or_default().serialize(s)
}

// With `deserialize_with`, serde no longer treats a missing field as `None`: absent is an error.
fn main_title_required<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<MainTitle>, D::Error> {
    MainTitle::deserialize(d).map(Some)
}

// ---- constructors that read well -------------------------------------------------------

impl TextNoticeCard {
    /// A text notice card with its required click action; add a title or sub_title_text.
    pub fn new(card_action: CardAction) -> TextNoticeCard {
        TextNoticeCard { card_action: Some(card_action), ..TextNoticeCard::default() }
    }

    /// Sets `main_title`.
    pub fn main_title(mut self, title: impl Into<String>, desc: Option<String>) -> TextNoticeCard {
        self.main_title = Some(MainTitle { title: Some(title.into()), desc });
        self
    }

    /// Sets `sub_title_text`.
    pub fn sub_title_text(mut self, text: impl Into<String>) -> TextNoticeCard {
        self.sub_title_text = Some(text.into());
        self
    }

    /// Checks the text_notice table of the spec.
    pub fn validate(&self) -> Result<()> {
        validate_source(self.source.as_ref())?;
        let has_title = self.main_title.as_ref().and_then(|t| t.title.as_deref()).is_some_and(|t| !t.is_empty());
        let has_sub = self.sub_title_text.as_deref().is_some_and(|t| !t.is_empty());
        if !has_title && !has_sub {
            return Err(Error::validation(
                "template_card.main_title.title",
                Rule::Required,
                "a text_notice card needs template_card.main_title.title or template_card.sub_title_text",
            ));
        }
        if let Some(q) = &self.quote_area {
            q.validate(&join(CARD, "quote_area"))?;
        }
        validate_lists(&self.horizontal_content_list, &self.jump_list)?;
        validate_card_action(self.card_action.as_ref())
    }
}

impl NewsNoticeCard {
    /// A news notice card with its required title, picture and click action.
    pub fn new(title: impl Into<String>, card_image: CardImage, card_action: CardAction) -> NewsNoticeCard {
        NewsNoticeCard {
            main_title: Some(MainTitle { title: Some(title.into()), desc: None }),
            card_image: Some(card_image),
            card_action: Some(card_action),
            ..NewsNoticeCard::default()
        }
    }

    /// Checks the news_notice table of the spec.
    pub fn validate(&self) -> Result<()> {
        validate_source(self.source.as_ref())?;
        let title = self.main_title.as_ref().and_then(|t| t.title.as_deref());
        check::required("template_card.main_title", "title", title)?;
        let Some(image) = &self.card_image else {
            return Err(Error::validation(
                "template_card.card_image",
                Rule::Required,
                "a news_notice card needs template_card.card_image",
            ));
        };
        check::required("template_card.card_image", "url", Some(&image.url))?;
        if let Some(r) = image.aspect_ratio {
            if !(r.is_finite() && (ASPECT_RATIO_MIN..=ASPECT_RATIO_MAX).contains(&r)) {
                return Err(Error::validation(
                    "template_card.card_image.aspect_ratio",
                    Rule::Range,
                    format!("template_card.card_image.aspect_ratio is {r}; it must be from {ASPECT_RATIO_MIN} to {ASPECT_RATIO_MAX}"),
                ));
            }
        }
        if let Some(area) = &self.image_text_area {
            let path = join(CARD, "image_text_area");
            check::int_range(&path, "type", area.kind, CLICK_TYPE_MAX, "0 none, 1 url, 2 mini program")?;
            click_target(&path, area.kind, area.url.as_deref(), area.appid.as_deref())?;
            check::required(&path, "image_url", Some(&area.image_url))?;
        }
        if let Some(q) = &self.quote_area {
            q.validate(&join(CARD, "quote_area"))?;
        }
        check::max_items(CARD, "vertical_content_list", &self.vertical_content_list, VERTICAL_CONTENT_MAX)?;
        for (i, v) in self.vertical_content_list.iter().enumerate() {
            check::required(&format!("{CARD}.vertical_content_list[{i}]"), "title", Some(&v.title))?;
        }
        validate_lists(&self.horizontal_content_list, &self.jump_list)?;
        validate_card_action(self.card_action.as_ref())
    }
}

impl Source {
    /// A source line with an icon, a description and a colour.
    pub fn new(icon_url: impl Into<String>, desc: impl Into<String>, color: DescColor) -> Source {
        Source { icon_url: Some(icon_url.into()), desc: Some(desc.into()), desc_color: Some(color as i64) }
    }
}

impl QuoteArea {
    fn validate(&self, path: &str) -> Result<()> {
        check::int_range(path, "type", self.kind, CLICK_TYPE_MAX, "0 none, 1 url, 2 mini program")?;
        click_target(path, self.kind, self.url.as_deref(), self.appid.as_deref())
    }
}

impl HorizontalContent {
    /// A plain key/value line.
    pub fn text(keyname: impl Into<String>, value: impl Into<String>) -> HorizontalContent {
        HorizontalContent { keyname: keyname.into(), value: Some(value.into()), ..HorizontalContent::default() }
    }

    /// A line whose value links to `url` (type 1).
    pub fn url(keyname: impl Into<String>, value: impl Into<String>, url: impl Into<String>) -> HorizontalContent {
        HorizontalContent { kind: Some(1), url: Some(url.into()), ..HorizontalContent::text(keyname, value) }
    }

    /// A line whose value is an uploaded file (type 2); `value` is the file name shown.
    pub fn file(
        keyname: impl Into<String>,
        value: impl Into<String>,
        media_id: impl Into<String>,
    ) -> HorizontalContent {
        HorizontalContent { kind: Some(2), media_id: Some(media_id.into()), ..HorizontalContent::text(keyname, value) }
    }

    /// A line whose value opens a member's details (type 3).
    pub fn member(
        keyname: impl Into<String>,
        value: impl Into<String>,
        userid: impl Into<String>,
    ) -> HorizontalContent {
        HorizontalContent { kind: Some(3), userid: Some(userid.into()), ..HorizontalContent::text(keyname, value) }
    }
}

impl Jump {
    /// A link to a URL (type 1).
    pub fn url(title: impl Into<String>, url: impl Into<String>) -> Jump {
        Jump { kind: Some(1), url: Some(url.into()), title: title.into(), ..Jump::default() }
    }

    /// A link to a mini program (type 2).
    pub fn mini_program(title: impl Into<String>, appid: impl Into<String>, pagepath: Option<String>) -> Jump {
        Jump { kind: Some(2), appid: Some(appid.into()), pagepath, title: title.into(), ..Jump::default() }
    }
}

impl CardAction {
    /// Open a URL (type 1).
    pub fn url(url: impl Into<String>) -> CardAction {
        CardAction { kind: 1, url: Some(url.into()), ..CardAction::default() }
    }

    /// Open a mini program (type 2).
    pub fn mini_program(appid: impl Into<String>, pagepath: Option<String>) -> CardAction {
        CardAction { kind: 2, appid: Some(appid.into()), pagepath, ..CardAction::default() }
    }
}

impl CardImage {
    /// A card picture with the server's default aspect ratio.
    pub fn new(url: impl Into<String>) -> CardImage {
        CardImage { url: url.into(), aspect_ratio: None }
    }
}

// ---- shared rules --------------------------------------------------------------------

fn validate_source(source: Option<&Source>) -> Result<()> {
    match source {
        Some(s) => check::int_range(
            &join(CARD, "source"),
            "desc_color",
            s.desc_color,
            DESC_COLOR_MAX,
            "0 grey, 1 black, 2 red, 3 green",
        ),
        None => Ok(()),
    }
}

/// type 1 needs a url, type 2 an appid.
fn click_target(path: &str, kind: Option<i64>, url: Option<&str>, appid: Option<&str>) -> Result<()> {
    match kind {
        Some(1) => check::required(path, "url", url),
        Some(2) => check::required(path, "appid", appid),
        _ => Ok(()),
    }
}

fn validate_lists(horizontal: &[HorizontalContent], jumps: &[Jump]) -> Result<()> {
    check::max_items(CARD, "horizontal_content_list", horizontal, HORIZONTAL_CONTENT_MAX)?;
    for (i, h) in horizontal.iter().enumerate() {
        let path = format!("{CARD}.horizontal_content_list[{i}]");
        check::required(&path, "keyname", Some(&h.keyname))?;
        check::int_range(&path, "type", h.kind, HORIZONTAL_TYPE_MAX, "0 plain, 1 url, 2 file, 3 member")?;
        match h.kind {
            Some(1) => check::required(&path, "url", h.url.as_deref())?,
            Some(2) => check::required(&path, "media_id", h.media_id.as_deref())?,
            Some(3) => check::required(&path, "userid", h.userid.as_deref())?,
            _ => {}
        }
    }
    check::max_items(CARD, "jump_list", jumps, JUMP_LIST_MAX)?;
    for (i, j) in jumps.iter().enumerate() {
        let path = format!("{CARD}.jump_list[{i}]");
        check::required(&path, "title", Some(&j.title))?;
        check::int_range(&path, "type", j.kind, CLICK_TYPE_MAX, "0 not a link, 1 url, 2 mini program")?;
        click_target(&path, j.kind, j.url.as_deref(), j.appid.as_deref())?;
    }
    Ok(())
}

fn validate_card_action(action: Option<&CardAction>) -> Result<()> {
    let path = join(CARD, "card_action");
    let Some(a) = action else {
        return Err(Error::validation(&path, Rule::Required, format!("{path} is required")));
    };
    if !CARD_ACTION_TYPES.contains(&a.kind) {
        return Err(Error::validation(
            join(&path, "type"),
            Rule::AllowedValues,
            format!("{path}.type is {}; allowed values are 1 (url) and 2 (mini program)", a.kind),
        ));
    }
    click_target(&path, Some(a.kind), a.url.as_deref(), a.appid.as_deref())
}
