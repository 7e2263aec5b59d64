//! news: 1 to 8 articles; titles and descriptions the server would truncate are truncated here.

use crate::check;
use crate::content::truncate_to_bytes;
use crate::error::{Error, Result, Rule};
use crate::limits::{NEWS_ARTICLES_MAX, NEWS_ARTICLES_MIN, NEWS_DESCRIPTION_MAX_BYTES, NEWS_TITLE_MAX_BYTES};
use serde::{Deserialize, Serialize, Serializer};

/// A news message: 1 to 8 articles.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct News {
    /// The articles, shown in order.
    pub articles: Vec<Article>,
}

/// One article of a news message.
///
/// `title` (128 bytes) and `description` (512 bytes) are truncated at a character boundary
/// when serialized, as the server would, so a UTF-8 character is never split.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Required; truncated past 128 bytes.
    #[serde(serialize_with = "title_on_wire")]
    pub title: String,
    /// Optional; truncated past 512 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "description_on_wire")]
    pub description: Option<String>,
    /// Required; the link opened on click (no scheme is required: the spec uses `www.qq.com`).
    pub url: String,
    /// Optional picture URL (JPG or PNG; 1068×455 large, 150×150 small look best).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picurl: Option<String>,
}

fn title_on_wire<S: Serializer>(title: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(truncate_to_bytes(title, NEWS_TITLE_MAX_BYTES))
}

fn description_on_wire<S: Serializer>(d: &Option<String>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(truncate_to_bytes(d, NEWS_DESCRIPTION_MAX_BYTES)),
        None => s.serialize_none(),
    }
}

impl News {
    /// A news message with these articles.
    pub fn new(articles: impl IntoIterator<Item = Article>) -> News {
        News { articles: articles.into_iter().collect() }
    }

    /// Adds an article.
    pub fn article(mut self, article: Article) -> News {
        self.articles.push(article);
        self
    }

    /// Checks: 1 to 8 articles, each with a title and a url.
    pub fn validate(&self) -> Result<()> {
        let n = self.articles.len();
        if n < NEWS_ARTICLES_MIN {
            return Err(Error::validation("news.articles", Rule::MinItems, "news.articles needs at least 1 article")
                .with_limit(NEWS_ARTICLES_MIN as u64));
        }
        check::max_items("news", "articles", &self.articles, NEWS_ARTICLES_MAX)?;
        for (i, a) in self.articles.iter().enumerate() {
            let path = format!("news.articles[{i}]");
            check::required(&path, "title", Some(&a.title))?;
            check::required(&path, "url", Some(&a.url))?;
        }
        Ok(())
    }
}

impl Article {
    /// An article with a title and the url it links to.
    pub fn new(title: impl Into<String>, url: impl Into<String>) -> Article {
        Article { title: title.into(), url: url.into(), ..Article::default() }
    }

    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Article {
        self.description = Some(description.into());
        self
    }

    /// Sets the picture URL.
    pub fn picurl(mut self, picurl: impl Into<String>) -> Article {
        self.picurl = Some(picurl.into());
        self
    }
}
