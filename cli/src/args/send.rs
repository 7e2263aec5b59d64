//! `wecom-bot send`: the command and one set of options per message type.

use super::*;

/// `wecom-bot send`.
#[derive(Debug, Args)]
#[command(after_help = "Give either a message type (text, markdown, …) or --json FILE.\n\
        Examples:\n  wecom-bot send text 'deploy finished' --mention-all\n  \
        git log -1 --format=%B | wecom-bot send markdown -\n  \
        wecom-bot send --json message.json --dry-run")]
pub struct SendCmd {
    /// The robot and connection.
    #[command(flatten)]
    pub conn: ConnArgs,

    /// Print the exact JSON that would be sent (validated) and send nothing; no key needed
    #[arg(long, global = true)]
    pub dry_run: bool,

    /// See it before you send it: send to an embedded mock server (never to WeCom; no key
    /// needed, a given one is not used), print its inbox page's URL and serve the page, which
    /// shows the message as the WeCom client does, until Ctrl-C
    #[arg(long, global = true, conflicts_with = "dry_run")]
    pub preview: bool,

    /// Like --preview, but write the page to FILE (one self-contained HTML file) and exit
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "dry_run")]
    pub preview_html: Option<std::path::PathBuf>,

    /// Send any message given as its wire JSON ({"msgtype": …}), from FILE or `-` (standard
    /// input); it is parsed strictly and validated first
    #[arg(long, value_name = "FILE|-")]
    pub json: Option<String>,

    /// Store the message in the robot's outbox (the store's, durably) and exit 0: `wecom-bot
    /// outbox run` delivers it, packed with others when the window is full
    #[arg(long, global = true, conflicts_with_all = ["dry_run", "preview", "preview_html"])]
    pub queue: bool,

    /// With --json: drop unknown fields (e.g. `safe` copied from the app-message API) with one
    /// warning naming them, instead of refusing the message
    #[arg(long, requires = "json")]
    pub lenient: bool,

    /// The message type.
    #[command(subcommand)]
    pub kind: Option<SendKind>,
}

/// The message types of `wecom-bot send`.
#[derive(Debug, Subcommand)]
pub enum SendKind {
    /// A text message (content ≤ 2048 bytes), optionally mentioning members
    Text(TextArgs),
    /// A markdown message (content ≤ 4096 bytes; <@userid> mentions and <font color> work)
    Markdown(MarkdownArgs),
    /// A markdown_v2 message (content ≤ 4096 bytes; tables, lists; no mentions or colours)
    #[command(name = "markdown-v2", alias = "markdown_v2")]
    MarkdownV2(MarkdownV2Args),
    /// An image message from a JPG or PNG file (≤ 2 MiB)
    Image(ImageArgs),
    /// A news message: 1 to 8 articles
    News(NewsArgs),
    /// A file message: uploads PATH first, or sends an uploaded --media-id
    File(MediaArgs),
    /// A voice message: uploads an AMR PATH (≤ 2 MiB, ≤ 60 s) first, or sends an uploaded --media-id
    Voice(MediaArgs),
    /// A template card (text_notice or news_notice); --json for every field of the spec
    Card(Box<CardArgs>),
}

/// `send text`.
#[derive(Debug, Args)]
pub struct TextArgs {
    /// The text, or `-` to read it from standard input (trailing newlines are dropped)
    #[arg(value_name = "CONTENT|-")]
    pub content: String,

    /// Mention the member with this userid (repeatable)
    #[arg(long, value_name = "USERID")]
    pub mention: Vec<String>,

    /// Mention the member with this mobile number (repeatable)
    #[arg(long, value_name = "MOBILE")]
    pub mention_mobile: Vec<String>,

    /// Mention everyone in the group (@all)
    #[arg(long)]
    pub mention_all: bool,

    /// Send content over 2048 bytes as several messages, in order (mentions go with the first)
    #[arg(long)]
    pub split: bool,

    /// The content is CommonMark: send it as plain text (markup removed, links as `text (url)`)
    #[arg(long)]
    pub from_markdown: bool,
}

/// Mentions for markdown and markdown-v2, and how they travel.
#[derive(Debug, Args)]
pub struct MentionArgs {
    /// Mention the member with this userid (repeatable): markdown writes <@userid> into the
    /// content; markdown-v2 cannot mention, so it needs --mention-followup
    #[arg(long, value_name = "USERID")]
    pub mention: Vec<String>,

    /// Mention the member with this mobile number (repeatable; needs --mention-followup)
    #[arg(long, value_name = "MOBILE")]
    pub mention_mobile: Vec<String>,

    /// Mention everyone (@all; needs --mention-followup)
    #[arg(long)]
    pub mention_all: bool,

    /// Send the mentions in a text message with this content, right after the message
    #[arg(long, value_name = "TEXT")]
    pub mention_followup: Option<String>,
}

/// `send markdown`.
#[derive(Debug, Args)]
pub struct MarkdownArgs {
    /// The markdown, or `-` to read it from standard input (trailing newlines are dropped)
    #[arg(value_name = "CONTENT|-")]
    pub content: String,

    /// Send content over 4096 bytes as several messages, in order (cut as text is: markdown
    /// has no code blocks, so nothing is added)
    #[arg(long)]
    pub split: bool,

    /// The content is CommonMark: convert it to WeCom markdown first (tables become lines,
    /// code blocks quoted lines, images links)
    #[arg(long)]
    pub from_markdown: bool,

    /// Mentions.
    #[command(flatten)]
    pub mentions: MentionArgs,
}

/// `send markdown-v2`.
#[derive(Debug, Args)]
pub struct MarkdownV2Args {
    /// The markdown_v2, or `-` to read it from standard input (trailing newlines are dropped)
    #[arg(value_name = "CONTENT|-")]
    pub content: String,

    /// Send content over 4096 bytes as several messages, in order (code blocks closed and
    /// reopened, table headers repeated)
    #[arg(long)]
    pub split: bool,

    /// With --split: start each message with its page marker, "(1/3)"
    #[arg(long, requires = "split")]
    pub page_markers: bool,

    /// The content is CommonMark: convert it to markdown_v2 first (HTML reduced to text)
    #[arg(long)]
    pub from_markdown: bool,

    /// Mentions.
    #[command(flatten)]
    pub mentions: MentionArgs,
}

/// `send image`.
#[derive(Debug, Args)]
pub struct ImageArgs {
    /// A JPG or PNG file, or `-` to read it from standard input
    #[arg(value_name = "PATH|-")]
    pub path: String,
}

/// `send news`.
#[derive(Debug, Args)]
pub struct NewsArgs {
    /// One article (repeatable, 1 to 8): `title=…,url=…[,description=…][,picurl=…]`. A comma
    /// starts a new field only before `title=`, `url=`, `description=` or `picurl=`, so values
    /// may contain commas
    #[arg(long = "article", value_name = "FIELDS", value_parser = parse_article)]
    pub articles: Vec<Article>,
}

/// `send file` and `send voice`.
#[derive(Debug, Args)]
pub struct MediaArgs {
    /// The file to upload and send, or `-` to read it from standard input (needs --filename)
    #[arg(value_name = "PATH|-", required_unless_present = "media_id")]
    pub path: Option<String>,

    /// Send an already uploaded media_id instead of uploading
    #[arg(long, value_name = "ID", conflicts_with = "path")]
    pub media_id: Option<String>,

    /// The file name shown in the chat (default: PATH's file name)
    #[arg(long, value_name = "NAME")]
    pub filename: Option<String>,
}

/// `--card-type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardType {
    /// Title, figure, quote, key/value lines, links
    #[value(name = "text_notice", alias = "text-notice")]
    TextNotice,
    /// Title, big picture, image-text area, blocks, key/value lines, links
    #[value(name = "news_notice", alias = "news-notice")]
    NewsNotice,
}

/// `--source-color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// 0 (default)
    Grey,
    /// 1
    Black,
    /// 2
    Red,
    /// 3
    Green,
}

/// `send card`: the common fields of both card types as flags.
#[derive(Debug, Args)]
pub struct CardArgs {
    /// The card type
    #[arg(long, value_enum, default_value = "text_notice")]
    pub card_type: CardType,

    /// source.icon_url: the source line's icon
    #[arg(long, value_name = "URL")]
    pub source_icon: Option<String>,
    /// source.desc: the source line's text
    #[arg(long, value_name = "TEXT")]
    pub source_desc: Option<String>,
    /// source.desc_color
    #[arg(long, value_enum)]
    pub source_color: Option<ColorArg>,

    /// main_title.title (text_notice: this or --sub-title is required; news_notice: required)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// main_title.desc
    #[arg(long, value_name = "TEXT")]
    pub desc: Option<String>,

    /// emphasis_content.title: a key figure shown large (text_notice)
    #[arg(long, value_name = "TEXT")]
    pub emphasis_title: Option<String>,
    /// emphasis_content.desc: what the figure means (text_notice)
    #[arg(long, value_name = "TEXT")]
    pub emphasis_desc: Option<String>,

    /// sub_title_text: secondary text (text_notice)
    #[arg(long, value_name = "TEXT")]
    pub sub_title: Option<String>,

    /// quote_area.title
    #[arg(long, value_name = "TEXT")]
    pub quote_title: Option<String>,
    /// quote_area.quote_text
    #[arg(long, value_name = "TEXT")]
    pub quote_text: Option<String>,
    /// quote_area.url: makes the quote a link (type 1)
    #[arg(long, value_name = "URL")]
    pub quote_url: Option<String>,

    /// card_image.url: the big picture (news_notice, required there)
    #[arg(long, value_name = "URL")]
    pub image_url: Option<String>,
    /// card_image.aspect_ratio, 1.3 to 2.25 (news_notice)
    #[arg(long, value_name = "RATIO")]
    pub aspect_ratio: Option<f64>,

    /// image_text_area.image_url: picture left, text right (news_notice)
    #[arg(long, value_name = "URL")]
    pub area_image_url: Option<String>,
    /// image_text_area.title (news_notice)
    #[arg(long, value_name = "TEXT")]
    pub area_title: Option<String>,
    /// image_text_area.desc (news_notice)
    #[arg(long, value_name = "TEXT")]
    pub area_desc: Option<String>,
    /// image_text_area.url: makes the area a link (type 1) (news_notice)
    #[arg(long, value_name = "URL")]
    pub area_url: Option<String>,

    /// vertical_content_list item `TITLE[=DESC]` (repeatable, at most 4) (news_notice)
    #[arg(long = "vertical", value_name = "TITLE[=DESC]", value_parser = parse_vertical)]
    pub verticals: Vec<VerticalSpec>,

    /// horizontal_content_list line (repeatable, at most 6): `KEY=VALUE`, or
    /// `keyname=…,value=…[,url=…|,media_id=…|,userid=…]` for a link, a file or a member
    #[arg(long = "field", value_name = "KEY=VALUE", value_parser = parse_field)]
    pub fields: Vec<FieldSpec>,

    /// jump_list link `TITLE=URL` (repeatable, at most 3)
    #[arg(long = "jump", value_name = "TITLE=URL", value_parser = parse_jump)]
    pub jumps: Vec<JumpSpec>,

    /// card_action: open this URL on a click (type 1)
    #[arg(long, value_name = "URL", conflicts_with = "action_appid")]
    pub action_url: Option<String>,
    /// card_action: open this mini program on a click (type 2)
    #[arg(long, value_name = "APPID")]
    pub action_appid: Option<String>,
    /// card_action.pagepath of the mini program
    #[arg(long, value_name = "PATH", requires = "action_appid")]
    pub action_pagepath: Option<String>,
}
