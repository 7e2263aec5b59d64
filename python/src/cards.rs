//! The template cards (`TextNoticeCard`, `NewsNoticeCard`) and their parts. Every part can be
//! given as its class or as a dict of its fields; keyword arguments use the spec's field names
//! (`type` included). Construction never checks the spec's rules: `validate()`, `to_json()`
//! and sending do, and name the failing field (`template_card.jump_list[1].url`).
//!
//! Over 600 lines on purpose: pyo3 takes one `#[pymethods]` block per class (several need its
//! `multiple-pymethods` feature), and each method carries the docstring Python users read.

use crate::parts::{extract_list, extract_opt, message_class, part_class, part_methods};
use pyo3::prelude::*;
use wecom_bot::{
    CardAction, CardImage, EmphasisContent, HorizontalContent, ImageTextArea, Jump, MainTitle, Message, NewsNoticeCard,
    QuoteArea, Source, TemplateCard, TextNoticeCard, VerticalContent,
};

/// `source`: the card's origin line (`desc_color` 0 grey, 1 black, 2 red, 3 green).
#[pyclass(frozen, eq, name = "Source", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PySource {
    inner: Source,
}

part_class!(PySource, Source, "Source");

part_methods!(PySource, "Source", ["icon_url", "desc", "desc_color"], {
    #[new]
    #[pyo3(signature = (*, icon_url = None, desc = None, desc_color = None))]
    fn new(
        icon_url: Option<&Bound<'_, PyAny>>,
        desc: Option<&Bound<'_, PyAny>>,
        desc_color: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let icon_url: Option<String> = crate::args::optional(icon_url, "icon_url")?;
        let desc: Option<String> = crate::args::optional(desc, "desc")?;
        let desc_color: Option<i64> = crate::args::optional(desc_color, "desc_color")?;
        Ok(PySource { inner: Source { icon_url, desc, desc_color } })
    }

    /// Icon URL.
    #[getter]
    fn icon_url(&self) -> Option<&str> {
        self.inner.icon_url.as_deref()
    }

    /// Text next to the icon.
    #[getter]
    fn desc(&self) -> Option<&str> {
        self.inner.desc.as_deref()
    }

    /// 0 grey, 1 black, 2 red, 3 green.
    #[getter]
    fn desc_color(&self) -> Option<i64> {
        self.inner.desc_color
    }
});

/// `main_title`: the card's title and its description.
#[pyclass(frozen, eq, name = "MainTitle", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyMainTitle {
    inner: MainTitle,
}

part_class!(PyMainTitle, MainTitle, "MainTitle");

part_methods!(PyMainTitle, "MainTitle", ["title", "desc"], {
    #[new]
    #[pyo3(signature = (title = None, desc = None))]
    fn new(title: Option<&Bound<'_, PyAny>>, desc: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let title: Option<String> = crate::args::optional(title, "title")?;
        let desc: Option<String> = crate::args::optional(desc, "desc")?;
        Ok(PyMainTitle { inner: MainTitle { title, desc } })
    }

    /// The title.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// Its description.
    #[getter]
    fn desc(&self) -> Option<&str> {
        self.inner.desc.as_deref()
    }
});

/// `emphasis_content`: a key figure (`title`) and what it means (`desc`).
#[pyclass(frozen, eq, name = "EmphasisContent", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyEmphasisContent {
    inner: EmphasisContent,
}

part_class!(PyEmphasisContent, EmphasisContent, "EmphasisContent");

part_methods!(PyEmphasisContent, "EmphasisContent", ["title", "desc"], {
    #[new]
    #[pyo3(signature = (title = None, desc = None))]
    fn new(title: Option<&Bound<'_, PyAny>>, desc: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let title: Option<String> = crate::args::optional(title, "title")?;
        let desc: Option<String> = crate::args::optional(desc, "desc")?;
        Ok(PyEmphasisContent { inner: EmphasisContent { title, desc } })
    }

    /// The figure.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// What it means.
    #[getter]
    fn desc(&self) -> Option<&str> {
        self.inner.desc.as_deref()
    }
});

/// `quote_area`: a quoted passage; `type` 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[pyclass(frozen, eq, name = "QuoteArea", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyQuoteArea {
    inner: QuoteArea,
}

part_class!(PyQuoteArea, QuoteArea, "QuoteArea");

part_methods!(PyQuoteArea, "QuoteArea", ["type", "url", "appid", "pagepath", "title", "quote_text"], {
    #[new]
    #[pyo3(signature = (*, r#type = None, url = None, appid = None, pagepath = None, title = None, quote_text = None))]
    fn new(
        r#type: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        appid: Option<&Bound<'_, PyAny>>,
        pagepath: Option<&Bound<'_, PyAny>>,
        title: Option<&Bound<'_, PyAny>>,
        quote_text: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let r#type: Option<i64> = crate::args::optional(r#type, "type")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let appid: Option<String> = crate::args::optional(appid, "appid")?;
        let pagepath: Option<String> = crate::args::optional(pagepath, "pagepath")?;
        let title: Option<String> = crate::args::optional(title, "title")?;
        let quote_text: Option<String> = crate::args::optional(quote_text, "quote_text")?;
        Ok(PyQuoteArea { inner: QuoteArea { kind: r#type, url, appid, pagepath, title, quote_text } })
    }

    /// 0 none, 1 url, 2 mini program.
    #[getter(r#type)]
    fn kind(&self) -> Option<i64> {
        self.inner.kind
    }

    /// The URL (type 1).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The mini program's appid (type 2).
    #[getter]
    fn appid(&self) -> Option<&str> {
        self.inner.appid.as_deref()
    }

    /// The mini program's page (type 2).
    #[getter]
    fn pagepath(&self) -> Option<&str> {
        self.inner.pagepath.as_deref()
    }

    /// The quote's title.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// The quoted text.
    #[getter]
    fn quote_text(&self) -> Option<&str> {
        self.inner.quote_text.as_deref()
    }
});

/// One `horizontal_content_list` line: `type` 0/None plain, 1 url (`url`), 2 file
/// (`media_id`), 3 member (`userid`); `keyname` required.
#[pyclass(frozen, eq, name = "HorizontalContent", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyHorizontalContent {
    inner: HorizontalContent,
}

part_class!(PyHorizontalContent, HorizontalContent, "HorizontalContent");

part_methods!(PyHorizontalContent, "HorizontalContent", ["keyname", "value", "type", "url", "media_id", "userid"], {
    #[new]
    #[pyo3(signature = (keyname = None, value = None, *, r#type = None, url = None, media_id = None, userid = None))]
    fn new(
        keyname: Option<&Bound<'_, PyAny>>,
        value: Option<&Bound<'_, PyAny>>,
        r#type: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        media_id: Option<&Bound<'_, PyAny>>,
        userid: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let keyname: Option<String> = crate::args::optional(keyname, "keyname")?;
        let value: Option<String> = crate::args::optional(value, "value")?;
        let r#type: Option<i64> = crate::args::optional(r#type, "type")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let media_id: Option<String> = crate::args::optional(media_id, "media_id")?;
        let userid: Option<String> = crate::args::optional(userid, "userid")?;
        Ok(PyHorizontalContent {
            inner: HorizontalContent {
                keyname: keyname.unwrap_or_default(),
                value,
                kind: r#type,
                url,
                media_id,
                userid,
            },
        })
    }

    /// The key (required).
    #[getter]
    fn keyname(&self) -> &str {
        &self.inner.keyname
    }

    /// The value (for type 2 the file name shown).
    #[getter]
    fn value(&self) -> Option<&str> {
        self.inner.value.as_deref()
    }

    /// 0/None plain, 1 url, 2 file, 3 member.
    #[getter(r#type)]
    fn kind(&self) -> Option<i64> {
        self.inner.kind
    }

    /// The URL (type 1).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The uploaded file's media id (type 2).
    #[getter]
    fn media_id(&self) -> Option<&str> {
        self.inner.media_id.as_deref()
    }

    /// The member's userid (type 3).
    #[getter]
    fn userid(&self) -> Option<&str> {
        self.inner.userid.as_deref()
    }
});

/// One `jump_list` link: `title` required; `type` 0/None none, 1 url (`url`), 2 mini program (`appid`).
#[pyclass(frozen, eq, name = "Jump", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyJump {
    inner: Jump,
}

part_class!(PyJump, Jump, "Jump");

part_methods!(PyJump, "Jump", ["title", "type", "url", "appid", "pagepath"], {
    #[new]
    #[pyo3(signature = (title = None, *, r#type = None, url = None, appid = None, pagepath = None))]
    fn new(
        title: Option<&Bound<'_, PyAny>>,
        r#type: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        appid: Option<&Bound<'_, PyAny>>,
        pagepath: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let title: Option<String> = crate::args::optional(title, "title")?;
        let r#type: Option<i64> = crate::args::optional(r#type, "type")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let appid: Option<String> = crate::args::optional(appid, "appid")?;
        let pagepath: Option<String> = crate::args::optional(pagepath, "pagepath")?;
        Ok(PyJump { inner: Jump { kind: r#type, url, appid, pagepath, title: title.unwrap_or_default() } })
    }

    /// The link text (required).
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// 0/None not a link, 1 url, 2 mini program.
    #[getter(r#type)]
    fn kind(&self) -> Option<i64> {
        self.inner.kind
    }

    /// The URL (type 1).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The mini program's appid (type 2).
    #[getter]
    fn appid(&self) -> Option<&str> {
        self.inner.appid.as_deref()
    }

    /// The mini program's page (type 2).
    #[getter]
    fn pagepath(&self) -> Option<&str> {
        self.inner.pagepath.as_deref()
    }
});

/// `card_action`: what a click on the card does; `type` 1 url (`url`) or 2 mini program (`appid`).
/// A missing `type` is sent as 0 and refused by validation.
#[pyclass(frozen, eq, name = "CardAction", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCardAction {
    inner: CardAction,
}

part_class!(PyCardAction, CardAction, "CardAction");

part_methods!(PyCardAction, "CardAction", ["type", "url", "appid", "pagepath"], {
    #[new]
    #[pyo3(signature = (*, r#type = None, url = None, appid = None, pagepath = None))]
    fn new(
        r#type: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        appid: Option<&Bound<'_, PyAny>>,
        pagepath: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let r#type: Option<i64> = crate::args::optional(r#type, "type")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let appid: Option<String> = crate::args::optional(appid, "appid")?;
        let pagepath: Option<String> = crate::args::optional(pagepath, "pagepath")?;
        Ok(PyCardAction { inner: CardAction { kind: r#type.unwrap_or(0), url, appid, pagepath } })
    }

    /// 1 url, 2 mini program.
    #[getter(r#type)]
    fn kind(&self) -> i64 {
        self.inner.kind
    }

    /// The URL (type 1).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The mini program's appid (type 2).
    #[getter]
    fn appid(&self) -> Option<&str> {
        self.inner.appid.as_deref()
    }

    /// The mini program's page (type 2).
    #[getter]
    fn pagepath(&self) -> Option<&str> {
        self.inner.pagepath.as_deref()
    }
});

/// `card_image`: the news notice card's picture; `url` required, `aspect_ratio` 1.3 to 2.25.
#[pyclass(frozen, eq, name = "CardImage", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyCardImage {
    inner: CardImage,
}

part_class!(PyCardImage, CardImage, "CardImage");

#[pymethods]
impl PyCardImage {
    #[new]
    #[pyo3(signature = (url = None, aspect_ratio = None))]
    fn new(url: Option<&Bound<'_, PyAny>>, aspect_ratio: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let url: Option<String> = crate::args::optional(url, "url")?;
        let aspect_ratio: Option<f64> = crate::args::optional(aspect_ratio, "aspect_ratio")?;
        Ok(PyCardImage { inner: CardImage { url: url.unwrap_or_default(), aspect_ratio } })
    }

    /// The picture URL (required).
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }

    /// Width / height, 1.3 to 2.25.
    #[getter]
    fn aspect_ratio(&self) -> Option<f64> {
        self.inner.aspect_ratio
    }

    /// The part's fields as they appear in the request body.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("url", &self.inner.url)?;
        if let Some(r) = self.inner.aspect_ratio {
            dict.set_item("aspect_ratio", r)?;
        }
        Ok(dict.into_any())
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        crate::convert::repr_attrs(slf.as_any(), "CardImage", &["url", "aspect_ratio"])
    }

    /// Immutable, so hashable (consistent with `==`).
    fn __hash__(&self) -> u64 {
        crate::parts::hash_of(&self.inner)
    }
}

/// `image_text_area`: picture left, text right; `image_url` required; `type` as in `QuoteArea`.
#[pyclass(frozen, eq, name = "ImageTextArea", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyImageTextArea {
    inner: ImageTextArea,
}

part_class!(PyImageTextArea, ImageTextArea, "ImageTextArea");

part_methods!(PyImageTextArea, "ImageTextArea", ["image_url", "type", "url", "appid", "pagepath", "title", "desc"], {
    #[new]
    #[pyo3(signature = (image_url = None, *, r#type = None, url = None, appid = None, pagepath = None, title = None, desc = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        image_url: Option<&Bound<'_, PyAny>>,
        r#type: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        appid: Option<&Bound<'_, PyAny>>,
        pagepath: Option<&Bound<'_, PyAny>>,
        title: Option<&Bound<'_, PyAny>>,
        desc: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let image_url: Option<String> = crate::args::optional(image_url, "image_url")?;
        let r#type: Option<i64> = crate::args::optional(r#type, "type")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let appid: Option<String> = crate::args::optional(appid, "appid")?;
        let pagepath: Option<String> = crate::args::optional(pagepath, "pagepath")?;
        let title: Option<String> = crate::args::optional(title, "title")?;
        let desc: Option<String> = crate::args::optional(desc, "desc")?;
        Ok(PyImageTextArea {
            inner: ImageTextArea {
                kind: r#type,
                url,
                appid,
                pagepath,
                title,
                desc,
                image_url: image_url.unwrap_or_default(),
            },
        })
    }

    /// The picture URL (required).
    #[getter]
    fn image_url(&self) -> &str {
        &self.inner.image_url
    }

    /// 0 none, 1 url, 2 mini program.
    #[getter(r#type)]
    fn kind(&self) -> Option<i64> {
        self.inner.kind
    }

    /// The URL (type 1).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The mini program's appid (type 2).
    #[getter]
    fn appid(&self) -> Option<&str> {
        self.inner.appid.as_deref()
    }

    /// The mini program's page (type 2).
    #[getter]
    fn pagepath(&self) -> Option<&str> {
        self.inner.pagepath.as_deref()
    }

    /// Title.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.title.as_deref()
    }

    /// Description.
    #[getter]
    fn desc(&self) -> Option<&str> {
        self.inner.desc.as_deref()
    }
});

/// One `vertical_content_list` block: `title` required, `desc` optional.
#[pyclass(frozen, eq, name = "VerticalContent", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyVerticalContent {
    inner: VerticalContent,
}

part_class!(PyVerticalContent, VerticalContent, "VerticalContent");

part_methods!(PyVerticalContent, "VerticalContent", ["title", "desc"], {
    #[new]
    #[pyo3(signature = (title = None, desc = None))]
    fn new(title: Option<&Bound<'_, PyAny>>, desc: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let title: Option<String> = crate::args::optional(title, "title")?;
        let desc: Option<String> = crate::args::optional(desc, "desc")?;
        Ok(PyVerticalContent { inner: VerticalContent { title: title.unwrap_or_default(), desc } })
    }

    /// The block's title (required).
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// Its text.
    #[getter]
    fn desc(&self) -> Option<&str> {
        self.inner.desc.as_deref()
    }
});

const CARD: &str = "template_card";

/// A `text_notice` template card: needs `main_title.title` or `sub_title_text`, and `card_action`.
#[pyclass(frozen, eq, name = "TextNoticeCard", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyTextNoticeCard {
    inner: TextNoticeCard,
}

message_class!(
    PyTextNoticeCard,
    "TextNoticeCard",
    "template_card",
    [
        "source",
        "main_title",
        "emphasis_content",
        "quote_area",
        "sub_title_text",
        "horizontal_content_list",
        "jump_list",
        "card_action"
    ],
    {
        #[new]
        #[pyo3(signature = (*, source = None, main_title = None, emphasis_content = None, quote_area = None,
        sub_title_text = None, horizontal_content_list = None, jump_list = None, card_action = None))]
        #[allow(clippy::too_many_arguments)]
        fn new(
            source: Option<&Bound<'_, PyAny>>,
            main_title: Option<&Bound<'_, PyAny>>,
            emphasis_content: Option<&Bound<'_, PyAny>>,
            quote_area: Option<&Bound<'_, PyAny>>,
            sub_title_text: Option<&Bound<'_, PyAny>>,
            horizontal_content_list: Option<&Bound<'_, PyAny>>,
            jump_list: Option<&Bound<'_, PyAny>>,
            card_action: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<Self> {
            let sub_title_text: Option<String> = crate::args::optional(sub_title_text, "sub_title_text")?;
            Ok(PyTextNoticeCard {
                inner: TextNoticeCard {
                    source: extract_opt::<PySource>(source, &format!("{CARD}.source"))?,
                    main_title: extract_opt::<PyMainTitle>(main_title, &format!("{CARD}.main_title"))?,
                    emphasis_content: extract_opt::<PyEmphasisContent>(
                        emphasis_content,
                        &format!("{CARD}.emphasis_content"),
                    )?,
                    quote_area: extract_opt::<PyQuoteArea>(quote_area, &format!("{CARD}.quote_area"))?,
                    sub_title_text,
                    horizontal_content_list: extract_list::<PyHorizontalContent>(
                        horizontal_content_list,
                        &format!("{CARD}.horizontal_content_list"),
                    )?,
                    jump_list: extract_list::<PyJump>(jump_list, &format!("{CARD}.jump_list"))?,
                    card_action: extract_opt::<PyCardAction>(card_action, &format!("{CARD}.card_action"))?,
                },
            })
        }

        /// Always `"text_notice"`.
        #[classattr]
        fn card_type() -> &'static str {
            "text_notice"
        }

        /// The origin line.
        #[getter]
        fn source(&self) -> Option<PySource> {
            self.inner.source.clone().map(Into::into)
        }

        /// The main title.
        #[getter]
        fn main_title(&self) -> Option<PyMainTitle> {
            self.inner.main_title.clone().map(Into::into)
        }

        /// The key figure.
        #[getter]
        fn emphasis_content(&self) -> Option<PyEmphasisContent> {
            self.inner.emphasis_content.clone().map(Into::into)
        }

        /// The quote.
        #[getter]
        fn quote_area(&self) -> Option<PyQuoteArea> {
            self.inner.quote_area.clone().map(Into::into)
        }

        /// Secondary text.
        #[getter]
        fn sub_title_text(&self) -> Option<&str> {
            self.inner.sub_title_text.as_deref()
        }

        /// Key/value lines.
        #[getter]
        fn horizontal_content_list(&self) -> Vec<PyHorizontalContent> {
            self.inner.horizontal_content_list.iter().cloned().map(Into::into).collect()
        }

        /// Links.
        #[getter]
        fn jump_list(&self) -> Vec<PyJump> {
            self.inner.jump_list.iter().cloned().map(Into::into).collect()
        }

        /// The click action.
        #[getter]
        fn card_action(&self) -> Option<PyCardAction> {
            self.inner.card_action.clone().map(Into::into)
        }
    }
);

impl PyTextNoticeCard {
    pub(crate) fn message(&self) -> Message {
        Message::TemplateCard(TemplateCard::TextNotice(self.inner.clone()))
    }
}

/// A `news_notice` template card: needs `main_title.title`, `card_image.url` and `card_action`.
#[pyclass(frozen, eq, name = "NewsNoticeCard", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyNewsNoticeCard {
    inner: NewsNoticeCard,
}

message_class!(
    PyNewsNoticeCard,
    "NewsNoticeCard",
    "template_card",
    [
        "source",
        "main_title",
        "card_image",
        "image_text_area",
        "quote_area",
        "vertical_content_list",
        "horizontal_content_list",
        "jump_list",
        "card_action"
    ],
    {
        #[new]
        #[pyo3(signature = (*, source = None, main_title = None, card_image = None, image_text_area = None, quote_area = None,
        vertical_content_list = None, horizontal_content_list = None, jump_list = None, card_action = None))]
        #[allow(clippy::too_many_arguments)]
        fn new(
            source: Option<&Bound<'_, PyAny>>,
            main_title: Option<&Bound<'_, PyAny>>,
            card_image: Option<&Bound<'_, PyAny>>,
            image_text_area: Option<&Bound<'_, PyAny>>,
            quote_area: Option<&Bound<'_, PyAny>>,
            vertical_content_list: Option<&Bound<'_, PyAny>>,
            horizontal_content_list: Option<&Bound<'_, PyAny>>,
            jump_list: Option<&Bound<'_, PyAny>>,
            card_action: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<Self> {
            Ok(PyNewsNoticeCard {
                inner: NewsNoticeCard {
                    source: extract_opt::<PySource>(source, &format!("{CARD}.source"))?,
                    main_title: extract_opt::<PyMainTitle>(main_title, &format!("{CARD}.main_title"))?,
                    card_image: extract_opt::<PyCardImage>(card_image, &format!("{CARD}.card_image"))?,
                    image_text_area: extract_opt::<PyImageTextArea>(
                        image_text_area,
                        &format!("{CARD}.image_text_area"),
                    )?,
                    quote_area: extract_opt::<PyQuoteArea>(quote_area, &format!("{CARD}.quote_area"))?,
                    vertical_content_list: extract_list::<PyVerticalContent>(
                        vertical_content_list,
                        &format!("{CARD}.vertical_content_list"),
                    )?,
                    horizontal_content_list: extract_list::<PyHorizontalContent>(
                        horizontal_content_list,
                        &format!("{CARD}.horizontal_content_list"),
                    )?,
                    jump_list: extract_list::<PyJump>(jump_list, &format!("{CARD}.jump_list"))?,
                    card_action: extract_opt::<PyCardAction>(card_action, &format!("{CARD}.card_action"))?,
                },
            })
        }

        /// Always `"news_notice"`.
        #[classattr]
        fn card_type() -> &'static str {
            "news_notice"
        }

        /// The origin line.
        #[getter]
        fn source(&self) -> Option<PySource> {
            self.inner.source.clone().map(Into::into)
        }

        /// The main title.
        #[getter]
        fn main_title(&self) -> Option<PyMainTitle> {
            self.inner.main_title.clone().map(Into::into)
        }

        /// The picture.
        #[getter]
        fn card_image(&self) -> Option<PyCardImage> {
            self.inner.card_image.clone().map(Into::into)
        }

        /// The picture-and-text area.
        #[getter]
        fn image_text_area(&self) -> Option<PyImageTextArea> {
            self.inner.image_text_area.clone().map(Into::into)
        }

        /// The quote.
        #[getter]
        fn quote_area(&self) -> Option<PyQuoteArea> {
            self.inner.quote_area.clone().map(Into::into)
        }

        /// Title/description blocks.
        #[getter]
        fn vertical_content_list(&self) -> Vec<PyVerticalContent> {
            self.inner.vertical_content_list.iter().cloned().map(Into::into).collect()
        }

        /// Key/value lines.
        #[getter]
        fn horizontal_content_list(&self) -> Vec<PyHorizontalContent> {
            self.inner.horizontal_content_list.iter().cloned().map(Into::into).collect()
        }

        /// Links.
        #[getter]
        fn jump_list(&self) -> Vec<PyJump> {
            self.inner.jump_list.iter().cloned().map(Into::into).collect()
        }

        /// The click action.
        #[getter]
        fn card_action(&self) -> Option<PyCardAction> {
            self.inner.card_action.clone().map(Into::into)
        }
    }
);

impl PyNewsNoticeCard {
    pub(crate) fn message(&self) -> Message {
        Message::TemplateCard(TemplateCard::NewsNotice(self.inner.clone()))
    }
}
