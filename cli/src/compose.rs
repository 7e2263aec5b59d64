//! Messages built from the options of `wecom-bot send <type>`.

use wecom_bot::{
    CardAction, CardImage, EmphasisContent, ImageTextArea, MainTitle, Message, NewsNoticeCard, QuoteArea, Source, Text,
    TextNoticeCard,
};

use crate::args::{CardArgs, CardType, ColorArg, TextArgs};
use crate::exit::Failure;

/// The text message(s): one, or with `--split` as many as the content needs (mentions go with
/// the first, so members are notified once).
pub fn texts(args: &TextArgs, content: &str) -> Vec<Message> {
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

/// The markdown message(s), split like [`texts`] with `--split`.
pub fn markdowns(content: &str, split: bool) -> Vec<Message> {
    let chunks = if split { wecom_bot::split_markdown(content) } else { vec![content.to_string()] };
    let chunks = if chunks.is_empty() { vec![String::new()] } else { chunks };
    chunks.into_iter().map(|c| wecom_bot::Markdown::new(c).into()).collect()
}

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
