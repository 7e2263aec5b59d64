use super::*;

const KEY: &str = "Cfg-k3y-c4n4ry-5a5a";

fn env_with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn parse(src: &str, vars: &[(&str, &str)]) -> Result<Config, ConfigErrors> {
    let var = env_with(vars);
    let read_file = |p: &str| -> std::io::Result<String> {
        match p {
            "/keys/ops" => Ok(format!("{KEY}\n")),
            "/keys/empty" => Ok("\n".into()),
            _ => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory")),
        }
    };
    Config::parse(src, "relay.toml", None, &Env { var: &var, read_file: &read_file })
}

#[test]
fn a_minimal_file_and_its_defaults() {
    let c = parse(
        "[robots.ops]\nkey_env = \"WECOM_BOT_KEY\"\n\n[routes.default]\nrobots = [\"ops\"]\n",
        &[("WECOM_BOT_KEY", KEY)],
    )
    .unwrap();
    assert_eq!(c.listen.to_string(), DEFAULT_LISTEN);
    assert_eq!(c.robots["ops"].webhook.expose_key(), KEY);
    assert_eq!(c.robots["ops"].base_url, None);
    let r = &c.routes["default"];
    assert_eq!((r.format, r.matching, r.robots.clone()), (Format::Markdown, Matching::First, vec!["ops".to_owned()]));
    assert_eq!(r.mention_text, DEFAULT_MENTION_TEXT);
    assert!(c.tokens.is_empty() && c.store.is_none() && c.rate_limit.is_none());
    assert_eq!(c.max_body, DEFAULT_MAX_BODY);
}

#[test]
fn everything_a_file_can_say() {
    let src = r#"
listen = "127.0.0.1:0"
store = "sqlite:/tmp/relay.sqlite3"
rate_limit = "20/2"
max_body = 100000
tokens = [{ env = "RELAY_TOKEN" }]

[robots.ops]
key_file = "/keys/ops"
base_url = "http://127.0.0.1:1"

[robots.dba]
key_env = "DBA_KEY"

[routes.main]
robots = ["ops"]
match = "all"
format = "text_notice"
template = "mine"
mention = ["zhangsan", "@all"]
mention_mobiles = ["13800001111"]
mention_text = "look"
card_url = "https://grafana.example/d/1"

[[routes.main.rules]]
labels = { team = "db", severity = ["critical", "page"] }
robots = ["dba"]
mention = ["lisi"]

[templates]
mine = "{{ alerts|length }} alerts"
"#;
    let c = parse(src, &[("RELAY_TOKEN", "t0ken-t0ken-t0ken-1"), ("DBA_KEY", "dba-key")]).unwrap();
    assert_eq!(c.store, Some(Store::Sqlite("/tmp/relay.sqlite3".into())));
    assert_eq!(c.rate_limit, Some((20, Duration::from_secs(2))));
    assert_eq!(c.max_body, 100_000);
    assert_eq!(c.tokens, ["t0ken-t0ken-t0ken-1"]);
    assert_eq!(c.robots["ops"].webhook.expose_key(), KEY, "read from the file, trimmed");
    assert_eq!(c.robots["ops"].base_url.as_deref(), Some("http://127.0.0.1:1"));
    let r = &c.routes["main"];
    assert_eq!((r.format, r.matching), (Format::TextNotice, Matching::All));
    assert_eq!(r.template.as_deref(), Some("mine"));
    assert_eq!(r.mentions.userids, ["zhangsan", "@all"]);
    assert_eq!(r.rules[0].labels["severity"], ["critical", "page"]);
    assert_eq!(r.rules[0].labels["team"], ["db"]);
    assert_eq!(r.card_url.as_deref(), Some("https://grafana.example/d/1"));
}

#[test]
fn every_error_is_reported_with_its_line_and_no_key() {
    let src = r#"listen = "0.0.0.0:9095"
store = "postgres://u:hunter2@db"
rate_limit = "20"
colour = "blue"

[robots.ops]
key_env = "MISSING_KEY"

[robots.inline]
key = "Cfg-k3y-c4n4ry-5a5a"

[robots.both]
key_env = "A"
key_file = "/keys/ops"

[robots.badkey]
key_env = "BAD_KEY"

[routes.main]
robots = ["ops"]
format = "html"
match = "any"
colour = 1

[routes.ghostly]
robots = ["ghost"]

[routes.empty]
template = "nowhere"

[[routes.rules_only.rules]]
labels = {}
robots = ["ghost2"]

[templates]
broken = "{% for a in alerts %}"
"#;
    let e = parse(src, &[("BAD_KEY", "has space")]).unwrap_err();
    let text = e.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let expect = [
        ("relay.toml:1:", "beyond loopback"),
        ("relay.toml:2:", "store: expected memory"),
        ("relay.toml:3:", "rate_limit: expected COUNT/SECONDS"),
        ("relay.toml:4:", "unknown key \"colour\""),
        ("relay.toml:7:", "MISSING_KEY is not set"),
        ("relay.toml:", "robots.inline: unknown field `key`"),
        ("relay.toml:", "robots.both: give the key as exactly one"),
        ("relay.toml:17:", "robots.badkey: the key is not valid"),
        ("relay.toml:21:", "routes.main: unknown variant `html`"),
        ("relay.toml:22:", "routes.main: unknown variant `any`"),
        ("relay.toml:23:", "routes.main: unknown field `colour`"),
        ("relay.toml:26:", "routes.ghostly.robots: no robot is named \"ghost\""),
        ("relay.toml:", "routes.empty: give robots"),
        ("relay.toml:29:", "no template is named \"nowhere\""),
        ("relay.toml:", "routes.rules_only.rules[0].labels: give at least one label"),
        ("relay.toml:33:", "no robot is named \"ghost2\""),
        ("relay.toml:36:", "templates.broken: template line 1"),
    ];
    for (prefix, needle) in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(prefix) && l.contains(needle)),
            "no line {prefix}…{needle} in:\n{text}"
        );
    }
    assert!(e.errors.iter().all(|x| x.line.is_some()), "every error has a line:\n{text}");
    assert!(!text.contains(KEY) && !text.contains("hunter2") && !text.contains("has space"), "{text}");
}

#[test]
fn syntax_errors_have_lines_too() {
    let e = parse("[robots.ops]\nkey_env = \"K\"\nbroken = \n", &[("K", KEY)]).unwrap_err();
    assert_eq!(e.errors[0].line, Some(3), "{e}");
    let e = parse("", &[]).unwrap_err();
    assert!(e.to_string().contains("no robot"), "{e}");
}

#[test]
fn tokens_are_checked_and_never_shown() {
    let src = "tokens = [{ env = \"SHORT\" }, { file = \"/keys/empty\" }, { env = \"A\", file = \"/keys/ops\" }, { file = \"/nope\" }]\n[robots.ops]\nkey_env = \"K\"\n";
    let e = parse(src, &[("K", KEY), ("SHORT", "s3cr3t-short")]).unwrap_err();
    let text = e.to_string();
    for needle in [
        "tokens[0]: a token needs at least 16",
        "tokens[1]: the file /keys/empty is empty",
        "tokens[2]: give exactly one",
        "tokens[3]: the file /nope cannot be read",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
    assert!(!text.contains("s3cr3t-short"));
}

#[test]
fn an_override_of_listen_is_checked_too() {
    let var = env_with(&[("K", KEY)]);
    let read_file = |_: &str| -> std::io::Result<String> { Err(std::io::ErrorKind::NotFound.into()) };
    let env = Env { var: &var, read_file: &read_file };
    let src = "[robots.ops]\nkey_env = \"K\"\n";
    let e = Config::parse(src, "f", Some("10.0.0.1:9095".parse().unwrap()), &env).unwrap_err();
    assert!(e.to_string().contains("beyond loopback"), "{e}");
    let c = Config::parse(src, "f", Some("127.0.0.1:0".parse().unwrap()), &env).unwrap();
    assert_eq!(c.listen.port(), 0);
}

#[test]
fn a_follow_up_text_must_be_sendable() {
    let src = "[robots.ops]\nkey_env = \"K\"\n[routes.r]\nrobots = [\"ops\"]\nmention_text = \" \"\n";
    let e = parse(src, &[("K", KEY)]).unwrap_err();
    assert!(e.to_string().contains("relay.toml:3: routes.r.mention_text: 1 to 2048 bytes"), "{e}");
}
