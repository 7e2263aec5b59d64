//! The message classes (text, markdown, markdown_v2, image, news + article, file, voice) and
//! the conversion of any message object into the core `Message`.

use crate::cards::{PyNewsNoticeCard, PyTextNoticeCard};
use crate::convert::py_to_json;
use crate::errors::{invalid_argument, OrRaise};
use crate::parts::{extract_list, message_class, part_class, part_methods};
use crate::source::Source;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use wecom_bot::{Article, File, Image, Markdown, MarkdownV2, Mentions, Message, News, Text, Voice};

/// A text message: `content` (≤ 2048 UTF-8 bytes), optional mentions by userid or mobile
/// (`"@all"` mentions everyone).
#[pyclass(frozen, eq, name = "Text", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyText {
    inner: Text,
}

message_class!(PyText, "Text", "text", ["content", "mentioned_list", "mentioned_mobile_list"], {
    #[new]
    #[pyo3(signature = (content, mentioned_list = None, mentioned_mobile_list = None))]
    fn new(
        content: &Bound<'_, PyAny>,
        mentioned_list: Option<&Bound<'_, PyAny>>,
        mentioned_mobile_list: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let content: String = crate::args::required(content, "content")?;
        let mentioned_list: Option<Vec<String>> = crate::args::optional(mentioned_list, "mentioned_list")?;
        let mentioned_mobile_list: Option<Vec<String>> =
            crate::args::optional(mentioned_mobile_list, "mentioned_mobile_list")?;
        Ok(PyText {
            inner: Text {
                content,
                mentioned_list: mentioned_list.unwrap_or_default(),
                mentioned_mobile_list: mentioned_mobile_list.unwrap_or_default(),
            },
        })
    }

    /// The text.
    #[getter]
    fn content(&self) -> &str {
        &self.inner.content
    }

    /// The userids mentioned.
    #[getter]
    fn mentioned_list(&self) -> Vec<String> {
        self.inner.mentioned_list.clone()
    }

    /// The mobile numbers mentioned.
    #[getter]
    fn mentioned_mobile_list(&self) -> Vec<String> {
        self.inner.mentioned_mobile_list.clone()
    }

    /// A copy that also mentions this userid (`mentioned_list`).
    fn mention(&self, userid: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyText { inner: self.inner.clone().mention(crate::args::required::<String>(userid, "userid")?) })
    }

    /// A copy that also mentions this mobile number (`mentioned_mobile_list`).
    fn mention_mobile(&self, mobile: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyText { inner: self.inner.clone().mention_mobile(crate::args::required::<String>(mobile, "mobile")?) })
    }

    /// A copy that also mentions everyone (`"@all"`).
    fn mention_all(&self) -> Self {
        PyText { inner: self.inner.clone().mention_all() }
    }
});

impl PyText {
    fn message(&self) -> Message {
        self.inner.clone().into()
    }
}

/// The two markdown classes: the same constructor, mentions and accessors over the core's
/// `Markdown` and `MarkdownV2`, which differ only in what the server renders.
macro_rules! markdown_class {
    ($ty:ident, $core:ident, $name:literal, $msgtype:literal, $class_doc:literal, $content_doc:literal) => {
        #[doc = $class_doc]
        #[pyclass(frozen, eq, name = $name, module = "wecom_bot")]
        #[derive(Clone, PartialEq)]
        pub(crate) struct $ty {
            inner: $core,
        }

        message_class!(
            $ty,
            $name,
            $msgtype,
            ["content", "mentioned_list", "mentioned_mobile_list", "mention_followup"],
            {
                #[new]
                #[pyo3(signature = (content, mentioned_list = None, mentioned_mobile_list = None, mention_followup = None))]
                fn new(
                    content: &Bound<'_, PyAny>,
                    mentioned_list: Option<&Bound<'_, PyAny>>,
                    mentioned_mobile_list: Option<&Bound<'_, PyAny>>,
                    mention_followup: Option<&Bound<'_, PyAny>>,
                ) -> PyResult<Self> {
                    let content: String = crate::args::required(content, "content")?;
                    let mut inner = $core::new(content);
                    inner.mentions = mentions(mentioned_list, mentioned_mobile_list, mention_followup)?;
                    Ok($ty { inner })
                }

                /// The userids mentioned (see the class documentation for how).
                #[getter]
                fn mentioned_list(&self) -> Vec<String> {
                    self.inner.mentions.userids.clone()
                }

                /// The mobile numbers mentioned (they need `mention_followup`).
                #[getter]
                fn mentioned_mobile_list(&self) -> Vec<String> {
                    self.inner.mentions.mobiles.clone()
                }

                /// The content of the text message that carries the mentions, sent right after this one.
                #[getter]
                fn mention_followup(&self) -> Option<String> {
                    self.inner.mentions.followup.clone()
                }

                /// A copy that also mentions this userid.
                fn mention(&self, userid: &Bound<'_, PyAny>) -> PyResult<Self> {
                    Ok($ty { inner: self.inner.clone().mention(crate::args::required::<String>(userid, "userid")?) })
                }

                /// A copy that also mentions this mobile number.
                fn mention_mobile(&self, mobile: &Bound<'_, PyAny>) -> PyResult<Self> {
                    Ok($ty { inner: self.inner.clone().mention_mobile(crate::args::required::<String>(mobile, "mobile")?) })
                }

                /// A copy that also mentions everyone.
                fn mention_all(&self) -> Self {
                    $ty { inner: self.inner.clone().mention_all() }
                }

                #[doc = $content_doc]
                #[getter]
                fn content(&self) -> &str {
                    &self.inner.content
                }
            }
        );

        impl $ty {
            fn message(&self) -> Message {
                self.inner.clone().into()
            }
        }
    };
}

markdown_class!(
    PyMarkdown,
    Markdown,
    "Markdown",
    "markdown",
    "A markdown message: `content` ≤ 4096 UTF-8 bytes (`<@userid>` and `<font color>` work).",
    "The markdown source."
);

markdown_class!(
    PyMarkdownV2,
    MarkdownV2,
    "MarkdownV2",
    "markdown_v2",
    "A markdown_v2 message: `content` ≤ 4096 UTF-8 bytes (tables, lists, images; no mentions).",
    "The markdown_v2 source."
);

/// The mentions of a markdown or markdown_v2 message, from the constructor's arguments.
fn mentions(
    userids: Option<&Bound<'_, PyAny>>,
    mobiles: Option<&Bound<'_, PyAny>>,
    followup: Option<&Bound<'_, PyAny>>,
) -> PyResult<Mentions> {
    Ok(Mentions {
        userids: crate::args::optional(userids, "mentioned_list")?.unwrap_or_default(),
        mobiles: crate::args::optional(mobiles, "mentioned_mobile_list")?.unwrap_or_default(),
        followup: crate::args::optional(followup, "mention_followup")?,
    })
}

/// An image message: a JPG or PNG of at most 2 MiB, from a path, bytes, or ready-made
/// base64 + md5.
#[pyclass(frozen, eq, name = "Image", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyImage {
    inner: Image,
}

impl PyImage {
    fn message(&self) -> Message {
        self.inner.clone().into()
    }

    /// Reads and hashes an image with the GIL released.
    pub(crate) fn load(py: Python<'_>, source: Source<'_>) -> PyResult<Image> {
        match source {
            Source::Bytes(bytes) => py.detach(move || Image::from_bytes(&bytes)).or_raise(py),
            Source::Path(path) => py.detach(move || Image::from_path(&path)).or_raise(py),
        }
    }
}

#[pymethods]
impl PyImage {
    #[new]
    #[pyo3(signature = (source = None, *, base64 = None, md5 = None))]
    fn new(
        py: Python<'_>,
        source: Option<&Bound<'_, PyAny>>,
        base64: Option<&Bound<'_, PyAny>>,
        md5: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let base64: Option<String> = crate::args::optional(base64, "base64")?;
        let md5: Option<String> = crate::args::optional(md5, "md5")?;
        match (source, base64, md5) {
            (Some(s), None, None) => Ok(PyImage { inner: PyImage::load(py, Source::from_py(s, "source")?)? }),
            (None, Some(b), Some(m)) => Ok(PyImage { inner: Image::from_base64(b, m) }),
            _ => Err(invalid_argument(py, "source", "give either a path or bytes, or both base64= and md5=")),
        }
    }

    /// An image read from a JPG or PNG file (str or os.PathLike).
    #[staticmethod]
    fn from_path(py: Python<'_>, path: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyImage { inner: PyImage::load(py, Source::path_from_py(path, "path")?)? })
    }

    /// An image from the raw bytes of a JPG or PNG.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        match Source::from_py(data, "data")? {
            s @ Source::Bytes(_) => Ok(PyImage { inner: PyImage::load(py, s)? }),
            Source::Path(_) => Err(crate::args::type_error("data", "bytes, bytearray or memoryview", data)),
        }
    }

    /// An image from base64 and md5 computed elsewhere (checked when validated or sent).
    #[staticmethod]
    fn from_base64(base64: &Bound<'_, PyAny>, md5: &Bound<'_, PyAny>) -> PyResult<Self> {
        let base64: String = crate::args::required(base64, "base64")?;
        let md5: String = crate::args::required(md5, "md5")?;
        Ok(PyImage { inner: Image::from_base64(base64, md5) })
    }

    /// The base64 of the raw bytes.
    #[getter]
    fn base64(&self) -> &str {
        self.inner.base64()
    }

    /// The lowercase-hex md5 of the raw bytes.
    #[getter]
    fn md5(&self) -> &str {
        self.inner.md5()
    }

    /// The wire `msgtype` of this class.
    #[classattr]
    fn msgtype() -> &'static str {
        "image"
    }

    /// Checks the image (format, size, md5); raises `ValidationError` naming the field.
    fn validate(&self, py: Python<'_>) -> PyResult<()> {
        self.inner.validate().or_raise(py) // the image itself: no copy of its megabytes
    }

    /// The exact request body (compact JSON); validates first.
    fn to_json<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        // The image holds its body ready: one copy, into the `str`, not three.
        let body = py.detach(|| self.inner.json_body()).or_raise(py)?;
        Ok(PyString::new(py, body))
    }

    /// The request body as a dict; validates first.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        // Built from the image's own fields: one copy of its megabytes, into the `str` (the
        // general path would clone the image and copy it through a JSON value too).
        self.inner.validate().or_raise(py)?;
        let image = PyDict::new(py);
        image.set_item("base64", self.inner.base64())?;
        image.set_item("md5", self.inner.md5())?;
        let dict = PyDict::new(py);
        dict.set_item("msgtype", "image")?;
        dict.set_item("image", image)?;
        Ok(dict.into_any())
    }

    /// Immutable, so hashable (consistent with `==`: equal images have equal base64 and md5).
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.inner.base64(), self.inner.md5()).hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        // The payload can be megabytes: show its size and md5, not its content.
        format!("Image(md5={:?}, base64_len={})", self.inner.md5(), self.inner.base64().len())
    }
}

/// One article of a news message: `title` (truncated past 128 bytes) and `url` required,
/// `description` (truncated past 512 bytes) and `picurl` optional.
#[pyclass(frozen, eq, name = "Article", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyArticle {
    inner: Article,
}

part_class!(PyArticle, Article, "Article");

part_methods!(PyArticle, "Article", ["title", "url", "description", "picurl"], {
    #[new]
    #[pyo3(signature = (title = None, url = None, *, description = None, picurl = None))]
    fn new(
        title: Option<&Bound<'_, PyAny>>,
        url: Option<&Bound<'_, PyAny>>,
        description: Option<&Bound<'_, PyAny>>,
        picurl: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let title: Option<String> = crate::args::optional(title, "title")?;
        let url: Option<String> = crate::args::optional(url, "url")?;
        let description: Option<String> = crate::args::optional(description, "description")?;
        let picurl: Option<String> = crate::args::optional(picurl, "picurl")?;
        Ok(PyArticle {
            inner: Article { title: title.unwrap_or_default(), url: url.unwrap_or_default(), description, picurl },
        })
    }

    /// The title (required).
    #[getter]
    fn title(&self) -> &str {
        &self.inner.title
    }

    /// The link opened on click (required; no scheme needed).
    #[getter]
    fn url(&self) -> &str {
        &self.inner.url
    }

    /// The description.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.description.as_deref()
    }

    /// The picture URL.
    #[getter]
    fn picurl(&self) -> Option<&str> {
        self.inner.picurl.as_deref()
    }
});

/// A news message: 1 to 8 articles (`Article` instances or dicts of their fields).
#[pyclass(frozen, eq, name = "News", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyNews {
    inner: News,
}

message_class!(PyNews, "News", "news", ["articles"], {
    #[new]
    fn new(articles: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyNews { inner: News { articles: extract_list::<PyArticle>(Some(articles), "news.articles")? } })
    }

    /// The articles.
    #[getter]
    fn articles(&self) -> Vec<PyArticle> {
        self.inner.articles.iter().cloned().map(PyArticle::from).collect()
    }
});

impl PyNews {
    fn message(&self) -> Message {
        self.inner.clone().into()
    }
}

/// A file message: the `media_id` of an upload of kind `"file"`.
#[pyclass(frozen, eq, name = "File", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyFile {
    inner: File,
}

message_class!(PyFile, "File", "file", ["media_id"], {
    #[new]
    #[pyo3(signature = (media_id = None))]
    fn new(media_id: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let media_id: Option<String> = crate::args::optional(media_id, "media_id")?;
        Ok(PyFile { inner: File { media_id: media_id.unwrap_or_default() } })
    }

    /// The uploaded media id.
    #[getter]
    fn media_id(&self) -> &str {
        &self.inner.media_id
    }
});

impl PyFile {
    fn message(&self) -> Message {
        self.inner.clone().into()
    }
}

/// A voice message: the `media_id` of an upload of kind `"voice"`.
#[pyclass(frozen, eq, name = "Voice", module = "wecom_bot")]
#[derive(Clone, PartialEq)]
pub(crate) struct PyVoice {
    inner: Voice,
}

message_class!(PyVoice, "Voice", "voice", ["media_id"], {
    #[new]
    #[pyo3(signature = (media_id = None))]
    fn new(media_id: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let media_id: Option<String> = crate::args::optional(media_id, "media_id")?;
        Ok(PyVoice { inner: Voice { media_id: media_id.unwrap_or_default() } })
    }

    /// The uploaded media id.
    #[getter]
    fn media_id(&self) -> &str {
        &self.inner.media_id
    }
});

impl PyVoice {
    fn message(&self) -> Message {
        self.inner.clone().into()
    }
}

/// Any message object (or a wire-shaped dict) as the core `Message`.
pub(crate) fn message_of(obj: &Bound<'_, PyAny>) -> PyResult<Message> {
    macro_rules! try_class {
        ($($ty:ident),*) => {$(
            if let Ok(m) = obj.cast::<$ty>() {
                return Ok(m.get().message());
            }
        )*};
    }
    try_class!(PyText, PyMarkdown, PyMarkdownV2, PyImage, PyNews, PyFile, PyVoice, PyTextNoticeCard, PyNewsNoticeCard);
    if obj.is_instance_of::<PyDict>() {
        let value = py_to_json(obj, "message")?;
        return Message::from_value(value).or_raise(obj.py());
    }
    Err(crate::args::type_error(
        "message",
        "a Text, Markdown, MarkdownV2, Image, News, File, Voice, TextNoticeCard or NewsNoticeCard \
         (or a dict shaped like the request body)",
        obj,
    ))
}
