//! Build + validate + serialize every message type, the way a caller does for each send:
//! construct the typed message, then `Message::to_json_bytes` (which validates first).
//!
//! Run through `bench/run.sh` (it reads the medians from `target/criterion/`), or alone:
//! `cargo bench -p wecom-bot --bench messages`. The image group encodes a 2 MiB PNG read from
//! `WECOM_BENCH_PNG` when set (bench/run.sh sets it, so that Python measures the same bytes),
//! else an in-memory PNG-signed buffer of exactly 2 MiB.
//!
//! The clock is the benchmark thread's own CPU time (`CLOCK_THREAD_CPUTIME_ID`), not wall
//! time: the figures then do not grow when other work shares the machine's cores. (On an idle
//! machine the two agree: every case is single-threaded and never waits.)

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::time::Duration;
use wecom_bot::{
    Article, CardAction, CardImage, DescColor, EmphasisContent, File, HorizontalContent, Image, ImageTextArea, Jump,
    MainTitle, Markdown, MarkdownV2, Message, News, NewsNoticeCard, QuoteArea, Source, TemplateCard, Text,
    TextNoticeCard, VerticalContent, Voice,
};

/// A 1×1 PNG (68 bytes): the image message as most alerting scripts send it, small.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0b, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0xe9, 0xfa, 0xdc, 0xd8, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
/// `TINY_PNG` as base64, and its md5.
const TINY_PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR42mNgAAIAAAUAAen63NgAAAAASUVORK5CYII=";
const TINY_PNG_MD5: &str = "c4a2b870062c2bb98c500bc1526c0498";

const MEDIA_ID: &str = "3a8asd892asd8asd8asd8asd8asd8asd8asd8asd8as";

fn text() -> Message {
    Text::new("build #4242 of wecom-bot passed on main in 3m12s")
        .mention("wangqing")
        .mention_mobile("13800001111")
        .into()
}

fn markdown() -> Message {
    Markdown::new(
        "实时新增用户反馈<font color=\"warning\">132例</font>，请相关同事注意。\n\
         > 类型:<font color=\"comment\">用户反馈</font>\n\
         > 普通用户反馈:<font color=\"comment\">117例</font>\n\
         > VIP用户反馈:<font color=\"comment\">15例</font>",
    )
    .into()
}

fn markdown_v2() -> Message {
    MarkdownV2::new(
        "# 一、标题\n## 二级标题\n**加粗** *斜体* [链接](https://work.weixin.qq.com/api/doc)\n\
         | 姓名 | 文化衫尺寸 | 收货地址 |\n| :----- | :----: | -------: |\n| 张三 | S | 广州 |\n\
         ```\ncargo bench\n```",
    )
    .into()
}

fn news() -> Message {
    News::new((1..=8).map(|i| {
        Article::new(format!("中秋节礼品领取 #{i}"), "www.qq.com")
            .description("今年中秋节公司有豪礼相送")
            .picurl("http://res.mail.qq.com/node/ww/wwopenmng/images/independent/doc/test_pic_msg1.png")
    }))
    .into()
}

fn text_notice() -> Message {
    Message::TemplateCard(TemplateCard::TextNotice(TextNoticeCard {
        source: Some(Source::new(
            "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "企业微信",
            DescColor::Grey,
        )),
        main_title: Some(MainTitle {
            title: Some("欢迎使用企业微信".into()),
            desc: Some("您的好友正在邀请您加入企业微信".into()),
        }),
        emphasis_content: Some(EmphasisContent { title: Some("100".into()), desc: Some("数据含义".into()) }),
        quote_area: Some(QuoteArea {
            kind: Some(1),
            url: Some("https://work.weixin.qq.com/?from=openApi".into()),
            title: Some("引用文本标题".into()),
            quote_text: Some("Jack：企业微信真的很好用~\nBalian：超级好的一款软件！".into()),
            ..QuoteArea::default()
        }),
        sub_title_text: Some("下载企业微信还能抢红包！".into()),
        horizontal_content_list: horizontal(),
        jump_list: jumps(),
        card_action: Some(CardAction::mini_program("APPID", Some("/index.html".into()))),
    }))
}

fn news_notice() -> Message {
    Message::TemplateCard(TemplateCard::NewsNotice(NewsNoticeCard {
        source: Some(Source::new(
            "https://wework.qpic.cn/wwpic/252813_jOfDHtcISzuodLa_1629280209/0",
            "企业微信",
            DescColor::Grey,
        )),
        main_title: Some(MainTitle {
            title: Some("欢迎使用企业微信".into()),
            desc: Some("您的好友正在邀请您加入企业微信".into()),
        }),
        card_image: Some(CardImage {
            url: "https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0".into(),
            aspect_ratio: Some(2.25),
        }),
        image_text_area: Some(ImageTextArea {
            kind: Some(1),
            url: Some("https://work.weixin.qq.com".into()),
            title: Some("欢迎使用企业微信".into()),
            desc: Some("您的好友正在邀请您加入企业微信".into()),
            image_url: "https://wework.qpic.cn/wwpic/354393_4zpkKXd7SrGMvfg_1629280616/0".into(),
            ..ImageTextArea::default()
        }),
        quote_area: Some(QuoteArea {
            kind: Some(1),
            url: Some("https://work.weixin.qq.com/?from=openApi".into()),
            title: Some("引用文本标题".into()),
            quote_text: Some("Jack：企业微信真的很好用~\nBalian：超级好的一款软件！".into()),
            ..QuoteArea::default()
        }),
        vertical_content_list: (1..=4)
            .map(|i| VerticalContent {
                title: format!("惊喜红包等你来拿 {i}"),
                desc: Some("下载企业微信还能抢红包！".into()),
            })
            .collect(),
        horizontal_content_list: horizontal(),
        jump_list: jumps(),
        card_action: Some(CardAction::url("https://work.weixin.qq.com/?from=openApi")),
    }))
}

/// The full six lines, one of each kind plus plain ones.
fn horizontal() -> Vec<HorizontalContent> {
    vec![
        HorizontalContent::text("邀请人", "张三"),
        HorizontalContent::url("官网", "点击访问", "https://work.weixin.qq.com/?from=openApi"),
        HorizontalContent::file("企业微信下载", "企业微信.apk", MEDIA_ID),
        HorizontalContent::member("员工信息", "点击查看", "zhangsan"),
        HorizontalContent::text("部门", "研发"),
        HorizontalContent::text("级别", "P7"),
    ]
}

/// The full three links.
fn jumps() -> Vec<Jump> {
    vec![
        Jump::url("企业微信官网", "https://work.weixin.qq.com/?from=openApi"),
        Jump::mini_program("跳转小程序", "APPID", Some("/index.html".into())),
        Jump::url("文档", "https://developer.work.weixin.qq.com/document/path/99110"),
    ]
}

/// The 2 MiB PNG of `WECOM_BENCH_PNG`, or a PNG-signed buffer of exactly 2 MiB.
fn big_png() -> Vec<u8> {
    if let Some(path) = std::env::var_os("WECOM_BENCH_PNG") {
        return std::fs::read(&path).unwrap_or_else(|e| panic!("WECOM_BENCH_PNG={}: {e}", path.to_string_lossy()));
    }
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while bytes.len() < wecom_bot::limits::IMAGE_MAX_BYTES {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push(x as u8);
    }
    bytes
}

/// Makes one message, as a caller would before each send.
type Builder = fn() -> Message;

fn build_validate_serialize(c: &mut Criterion<ThreadCpuTime>) {
    let cases: [(&str, Builder); 10] = [
        ("text", text),
        ("markdown", markdown),
        ("markdown_v2", markdown_v2),
        ("image_1x1_png", || Image::from_bytes(TINY_PNG).expect("a valid PNG").into()),
        ("news_8_articles", news),
        ("file", || File::new(MEDIA_ID).into()),
        ("voice", || Voice::new(MEDIA_ID).into()),
        ("text_notice_full", text_notice),
        ("news_notice_full", news_notice),
        // Parsed JSON is not trusted: validation decodes the base64 and checks the md5.
        ("image_from_base64_1x1", || Image::from_base64(TINY_PNG_BASE64, TINY_PNG_MD5).into()),
    ];
    let mut group = c.benchmark_group("message");
    for (name, build) in cases {
        // Every case must be a valid message: a benchmark of an error path would flatter us.
        if let Err(e) = build().to_json_bytes() {
            panic!("benchmark case {name} does not validate: {e}");
        }
        group.bench_function(name, |b| b.iter(|| black_box(build().to_json_bytes().expect("valid"))));
    }
    group.finish();
}

fn image_2mib(c: &mut Criterion<ThreadCpuTime>) {
    let png = big_png();
    assert!(png.len() <= wecom_bot::limits::IMAGE_MAX_BYTES, "the image must be at most 2 MiB");
    let mut group = c.benchmark_group("image_2mib");
    group.sample_size(20);
    // base64 + md5 of the raw bytes, then the JSON body: what a caller needs to send it.
    group.bench_function("from_bytes_to_json", |b| {
        b.iter(|| {
            let message: Message = Image::from_bytes(black_box(&png)).expect("a valid PNG").into();
            black_box(message.to_json_bytes().expect("valid"))
        })
    });
    // The same, as the client sends it: the image holds its body, which is borrowed, not copied.
    group.bench_function("from_bytes_json_body", |b| {
        b.iter(|| {
            let message: Message = Image::from_bytes(black_box(&png)).expect("a valid PNG").into();
            black_box(message.json_body().expect("valid").len())
        })
    });
    // Its three steps alone, to explain the whole.
    let message: Message = Image::from_bytes(&png).expect("a valid PNG").into();
    group.bench_function("md5_only", |b| {
        b.iter(|| {
            use md5::Digest as _;
            black_box(md5::Md5::digest(black_box(&png)))
        })
    });
    group.bench_function("base64_only", |b| {
        b.iter(|| black_box(base64_simd::STANDARD.encode_to_string(black_box(&png))))
    });
    group.bench_function("json_only", |b| {
        b.iter(|| black_box(serde_json::to_vec(black_box(&message)).expect("serializes")))
    });
    group.finish();
}

/// The calling thread's CPU time, in nanoseconds.
#[derive(Debug, Clone, Copy)]
struct ThreadCpuTime;

impl ThreadCpuTime {
    #[cfg(target_os = "linux")]
    fn now() -> Duration {
        // struct timespec on Linux: i64 seconds, i64 nanoseconds (64-bit), and the clock id.
        const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
        extern "C" {
            fn clock_gettime(clock: i32, ts: *mut [i64; 2]) -> i32;
        }
        let mut ts = [0i64; 2];
        // SAFETY: `ts` is a live, writable struct timespec.
        let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        Duration::new(ts[0] as u64, ts[1] as u32)
    }

    /// Elsewhere: wall time.
    #[cfg(not(target_os = "linux"))]
    fn now() -> Duration {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed()
    }
}

/// Criterion's own duration formatting.
static DURATION: WallTime = WallTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;

    fn start(&self) -> Duration {
        ThreadCpuTime::now()
    }

    fn end(&self, start: Duration) -> Duration {
        ThreadCpuTime::now().saturating_sub(start)
    }

    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }

    fn zero(&self) -> Duration {
        Duration::ZERO
    }

    fn to_f64(&self, value: &Duration) -> f64 {
        value.as_nanos() as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        DURATION.formatter()
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = build_validate_serialize, image_2mib
}
criterion_main!(benches);
