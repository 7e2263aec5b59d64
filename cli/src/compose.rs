//! Messages built from the options of `wecom-bot send <type>`.

use wecom_bot::{
    CardAction, CardImage, EmphasisContent, ImageTextArea, MainTitle, Message, NewsNoticeCard, QuoteArea, Source, Text,
    TextNoticeCard,
};

use crate::args::{CardArgs, CardType, ColorArg, MarkdownArgs, MarkdownV2Args, MentionArgs, TextArgs};
use crate::exit::Failure;

/// The text message(s): one, or with `--split` as many as the content needs (mentions go with
/// the first, so members are notified once).
pub fn texts(args: &TextArgs, content: &str) -> Vec<Message> {
    let plain;
    let content = if args.from_markdown {
        plain = wecom_bot::to_plain_text(content);
        plain.as_str()
    } else {
        content
    };
    let chunks = if args.split { wecom_bot::split_text(content) } else { vec![content.to_string()] };
    let chunks = if chunks.is_empty() { vec![String::new()] } else { chunks };
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut text = Text::new(chunk);
            if i == 0 {
                text.mentioned_list = args.mention.clone();
                if args.mention_all {
                    text = text.mention_all();
                }
                text.mentioned_mobile_list = args.mention_mobile.clone();
            }
            text.into()
        })
        .collect()
}

/// The markdown message(s), split like [`texts`] with `--split`; mentions go with the first
/// chunk (inline), or into a follow-up text after the last.
pub fn markdowns(args: &MarkdownArgs, content: &str) -> Vec<Message> {
    let content = if args.from_markdown { wecom_bot::to_wecom_markdown(content) } else { content.to_string() };
    let chunks = if args.split { wecom_bot::split_markdown(&content) } else { vec![content] };
    let chunks = if chunks.is_empty() { vec![String::new()] } else { chunks };
    let last = chunks.len() - 1;
    let mut out = Vec::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let md = wecom_bot::Markdown::new(chunk);
        let followup_goes_last = args.mentions.mention_followup.is_some();
        let md = if (followup_goes_last && i == last) || (!followup_goes_last && i == 0) {
            with_mentions!(md, &args.mentions)
        } else {
            md
        };
        let followup = md.followup_text();
        out.push(md.into());
        out.extend(followup.map(Message::from));
    }
    out
}

/// The markdown_v2 message(s): converted with `--from-markdown`, split with `--split`
/// (optionally with page markers); mentions need a follow-up text, sent after the last.
pub fn markdown_v2s(args: &MarkdownV2Args, content: &str) -> Vec<Message> {
    let content = if args.from_markdown { wecom_bot::to_wecom_markdown_v2(content) } else { content.to_string() };
    let chunks = if args.split {
        let options = wecom_bot::content::SplitOptions::new(
            wecom_bot::limits::MARKDOWN_CONTENT_MAX_BYTES,
            wecom_bot::content::Structure::MarkdownV2,
        )
        .page_markers(args.page_markers);
        wecom_bot::content::split(&content, options)
    } else {
        vec![content]
    };
    let chunks = if chunks.is_empty() { vec![String::new()] } else { chunks };
    let last = chunks.len() - 1;
    let mut out = Vec::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let md = wecom_bot::MarkdownV2::new(chunk);
        let md = if i == last { with_mentions!(md, &args.mentions) } else { md };
        let followup = md.followup_text();
        out.push(md.into());
        out.extend(followup.map(Message::from));
    }
    out
}

/// Applies `--mention*` to a markdown or markdown_v2 builder.
macro_rules! with_mentions {
    ($md:expr, $m:expr) => {{
        let m: &MentionArgs = $m;
        let mut md = $md;
        for u in &m.mention {
            md = md.mention(u);
        }
        for mobile in &m.mention_mobile {
            md = md.mention_mobile(mobile);
        }
        if m.mention_all {
            md = md.mention_all();
        }
        if let Some(text) = &m.mention_followup {
            md = md.mention_followup(text);
        }
        md
    }};
}
use with_mentions;

/// The template card the flags describe.
pub fn card(a: &CardArgs) -> Result<Message, Failure> {
    let only = |ty: &str, flags: &[(&str, bool)]| -> Result<(), Failure> {
        match flags.iter().find(|(_, given)| *given) {
            Some((flag, _)) => {
                Err(Failure::Usage(format!("{flag} applies to {ty} cards only (this is a {} card)", other(ty))))
            }
            None => Ok(()),
        }
    };
    let source = (a.source_icon.is_some() || a.source_desc.is_some() || a.source_color.is_some()).then(|| Source {
        icon_url: a.source_icon.clone(),
        desc: a.source_desc.clone(),
        desc_color: a.source_color.map(color),
    });
    let main_title =
        (a.title.is_some() || a.desc.is_some()).then(|| MainTitle { title: a.title.clone(), desc: a.desc.clone() });
    let quote_area = (a.quote_title.is_some() || a.quote_text.is_some() || a.quote_url.is_some()).then(|| QuoteArea {
        kind: a.quote_url.as_ref().map(|_| 1),
        url: a.quote_url.clone(),
        title: a.quote_title.clone(),
        quote_text: a.quote_text.clone(),
        ..QuoteArea::default()
    });
    let card_action = match (&a.action_url, &a.action_appid) {
        (Some(url), _) => Some(CardAction::url(url)),
        (None, Some(appid)) => Some(CardAction::mini_program(appid, a.action_pagepath.clone())),
        (None, None) => None,
    };
    let horizontal_content_list = a.fields.iter().map(|f| f.0.clone()).collect();
    let jump_list = a.jumps.iter().map(|j| j.0.clone()).collect();
    Ok(match a.card_type {
        CardType::TextNotice => {
            only(
                "news_notice",
                &[
                    ("--image-url", a.image_url.is_some()),
                    ("--aspect-ratio", a.aspect_ratio.is_some()),
                    ("--area-image-url", a.area_image_url.is_some()),
                    ("--area-title", a.area_title.is_some()),
                    ("--area-desc", a.area_desc.is_some()),
                    ("--area-url", a.area_url.is_some()),
                    ("--vertical", !a.verticals.is_empty()),
                ],
            )?;
            TextNoticeCard {
                source,
                main_title,
                emphasis_content: (a.emphasis_title.is_some() || a.emphasis_desc.is_some())
                    .then(|| EmphasisContent { title: a.emphasis_title.clone(), desc: a.emphasis_desc.clone() }),
                quote_area,
                sub_title_text: a.sub_title.clone(),
                horizontal_content_list,
                jump_list,
                card_action,
            }
            .into()
        }
        CardType::NewsNotice => {
            only(
                "text_notice",
                &[
                    ("--emphasis-title", a.emphasis_title.is_some()),
                    ("--emphasis-desc", a.emphasis_desc.is_some()),
                    ("--sub-title", a.sub_title.is_some()),
                ],
            )?;
            let any_area =
                a.area_image_url.is_some() || a.area_title.is_some() || a.area_desc.is_some() || a.area_url.is_some();
            NewsNoticeCard {
                source,
                main_title,
                card_image: (a.image_url.is_some() || a.aspect_ratio.is_some())
                    .then(|| CardImage { url: a.image_url.clone().unwrap_or_default(), aspect_ratio: a.aspect_ratio }),
                image_text_area: any_area.then(|| ImageTextArea {
                    kind: a.area_url.as_ref().map(|_| 1),
                    url: a.area_url.clone(),
                    title: a.area_title.clone(),
                    desc: a.area_desc.clone(),
                    image_url: a.area_image_url.clone().unwrap_or_default(),
                    ..ImageTextArea::default()
                }),
                quote_area,
                vertical_content_list: a.verticals.iter().map(|v| v.0.clone()).collect(),
                horizontal_content_list,
                jump_list,
                card_action,
            }
            .into()
        }
    })
}

fn other(ty: &str) -> &'static str {
    if ty == "text_notice" {
        "news_notice"
    } else {
        "text_notice"
    }
}

fn color(c: ColorArg) -> i64 {
    match c {
        ColorArg::Grey => 0,
        ColorArg::Black => 1,
        ColorArg::Red => 2,
        ColorArg::Green => 3,
    }
}
