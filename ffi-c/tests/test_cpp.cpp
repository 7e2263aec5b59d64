// Tests of the C++17 wrapper (include/wecom_bot.hpp): RAII ownership, exceptions carrying the
// error kind and details, every message type and card field reachable, std::string /
// std::vector / std::filesystem::path arguments, and one Client shared by threads against the
// mock server ($WECOM_MOCK_URL).
#include <wecom_bot.hpp>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

static int failures = 0;
#define CHECK(cond)                                                                   \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::cerr << __FILE__ << ":" << __LINE__ << ": CHECK failed: " #cond "\n";     \
      failures++;                                                                     \
    }                                                                                 \
  } while (0)

// Runs f and returns the wecom::Error it throws (failing the test when it throws nothing).
template <class F>
static wecom::Error expect_error(F f, const char *what) {
  try {
    f();
  } catch (const wecom::Error &e) {
    return e;
  }
  std::cerr << what << ": no wecom::Error thrown\n";
  failures++;
  return wecom::Error(wecom::ErrorKind::Panic, "none");
}
#define EXPECT_ERROR(expr) expect_error([&] { (void)(expr); }, #expr)

static std::filesystem::path fixture(const char *name) {
  const char *dir = std::getenv("WECOM_FIXTURES_DIR");
  return std::filesystem::path(dir ? dir : "tests/fixtures") / name;
}

static void test_messages() {
  CHECK(wecom::version() == WECOM_BOT_VERSION);
  auto text = wecom::Message::text("hello", {"wangqing", "@all"}, {"13800001111"});
  CHECK(text.to_json() ==
        R"({"msgtype":"text","text":{"content":"hello","mentioned_list":["wangqing","@all"],"mentioned_mobile_list":["13800001111"]}})");
  CHECK(text.msgtype() == "text");
  auto moved = std::move(text);  // move-only RAII: the handle moves, nothing is freed twice
  CHECK(moved.msgtype() == "text");

  auto news = wecom::Message::news({{"title", "www.qq.com", std::string("desc"), std::nullopt}, {"second", "u"}});
  CHECK(news.to_json().find(R"("description":"desc")") != std::string::npos);

  auto e = EXPECT_ERROR(wecom::Message::text("").validate());
  CHECK(e.kind() == wecom::ErrorKind::Validation && e.kind_name() == "validation");
  CHECK(e.field() == "text.content" && e.rule() == "required");
  e = EXPECT_ERROR(wecom::Message::text(std::string("a\0b", 3)));
  CHECK(e.kind() == wecom::ErrorKind::InvalidArgument && e.field() == "content");
  e = EXPECT_ERROR(wecom::Message::markdown("x").mention("u"));
  CHECK(e.kind() == wecom::ErrorKind::InvalidArgument && e.field() == "message");

  auto image = wecom::Message::image(fixture("icon.png"));
  std::ifstream in(fixture("icon.png"), std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(wecom::Message::image(bytes).to_json() == image.to_json());
  e = EXPECT_ERROR(wecom::Message::image(std::vector<uint8_t>{1, 2, 3}));
  CHECK(e.kind() == wecom::ErrorKind::Validation && e.field() == "image.base64");
  e = EXPECT_ERROR(wecom::Message::image(fixture("no-such-file.png")));
  CHECK(e.kind() == wecom::ErrorKind::Io && !e.path().empty());
  e = EXPECT_ERROR(wecom::Message::image_base64("aGVsbG8=", "0123").validate());
  CHECK(e.kind() == wecom::ErrorKind::Validation);

  auto card = wecom::Message::text_notice();
  card.source_icon_url("https://example.com/i.png").source_desc("CI").source_desc_color(3);
  card.main_title("Build").main_title_desc("main").emphasis_content("100", "tests").sub_title_text("all green");
  card.quote_area_type(1).quote_area_url("https://example.com").quote_area_title("q").quote_area_quote_text("text");
  size_t h = card.add_horizontal_content("owner");
  card.horizontal_content_value(h, "ci").horizontal_content_type(h, 3).horizontal_content_userid(h, "zhangsan");
  size_t j = card.add_jump("details");
  card.jump_type(j, 2).jump_appid(j, "APPID").jump_pagepath(j, "index.html");
  card.card_action_type(1).card_action_url("https://example.com");
  const std::string json = card.to_json();
  CHECK(json.find(R"("card_type":"text_notice")") != std::string::npos);
  CHECK(json.find(R"("userid":"zhangsan")") != std::string::npos);

  auto news_card = wecom::Message::news_notice();
  news_card.main_title("news").card_image_url("https://example.com/a.png").card_image_aspect_ratio(2.25);
  news_card.image_text_area_type(0).image_text_area_image_url("https://example.com/b.png").image_text_area_title("t");
  news_card.add_vertical_content("v1");
  news_card.vertical_content_desc(0, "d1").card_action_type(2).card_action_appid("APPID").card_action_pagepath("p");
  news_card.validate();
  for (int i = 0; i < 4; i++) news_card.add_jump("j");
  e = EXPECT_ERROR(news_card.validate());
  CHECK(e.field() == "template_card.jump_list" && e.rule() == "max_items" && e.limit() == 3u);
  e = EXPECT_ERROR(news_card.sub_title_text("no"));
  CHECK(e.kind() == wecom::ErrorKind::InvalidArgument);

  CHECK(wecom::Message::from_json(R"({"msgtype":"markdown","markdown":{"content":"x"}})").msgtype() == "markdown");
  e = EXPECT_ERROR(wecom::Message::from_json(R"({"msgtype":"markdown","markdown":{"content":"x","extra":1}})"));
  CHECK(e.kind() == wecom::ErrorKind::Validation);
}

static void test_helpers() {
  CHECK(wecom::mention("zhangsan") == "<@zhangsan>");
  CHECK(wecom::font_color("ok", wecom::Color::Warning) == "<font color=\"warning\">ok</font>");
  CHECK(wecom::markdown_table({"a", "b"}, {{"1", "2"}, {}}) == "| a | b |\n| --- | --- |\n| 1 | 2 |\n|  |  |\n");
  {  // a table needs at least one column: refused, naming the field
    bool refused = false;
    try {
      (void)wecom::markdown_table({}, {});
    } catch (const wecom::Error &e) {
      refused = e.kind() == wecom::ErrorKind::Validation && e.field() == "markdown_table.headers";
    }
    CHECK(refused);
  }
  CHECK(wecom::truncate_to_bytes("广州", 5) == "广");
  CHECK(wecom::split_text(std::string(3000, 'x')).size() == 2);
  CHECK(wecom::split_markdown("").empty());
  std::ifstream in(fixture("voice-3s.amr"), std::ios::binary);
  std::vector<uint8_t> voice((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(wecom::amr_duration(voice) == std::chrono::milliseconds(3000));
  wecom::validate_upload(wecom::MediaKind::Voice, voice);
  auto e = EXPECT_ERROR(wecom::validate_upload(wecom::MediaKind::Voice, std::vector<uint8_t>(10, 0)));
  CHECK(e.kind() == wecom::ErrorKind::Validation && e.field() == "media" && e.rule() == "format");
  e = EXPECT_ERROR(wecom::amr_duration({}));
  CHECK(e.kind() == wecom::ErrorKind::Validation);
  setenv("WECOM_BOT_WEBHOOK", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=cpp-env-key", 1);
  (void)wecom::Client::from_env();
  unsetenv("WECOM_BOT_WEBHOOK");
}

static void test_http() {
  const char *url = std::getenv("WECOM_MOCK_URL");
  if (!url) {
    std::cerr << "WECOM_MOCK_URL is not set: the HTTP tests cannot run\n";
    failures++;
    return;
  }
  wecom::ClientConfig config;  // copied by each Client: one config serves both
  config.base_url(url).no_rate_limit().no_proxy();
  wecom::Error e(wecom::ErrorKind::Panic, "none");
  {
    const wecom::Client bot("cpp-test-key", config);
    bot.send(wecom::Message::markdown("**from C++**"));
    bot.send_text("plain");
    CHECK(bot.send_markdown_chunked(std::string(5000, 'm')) == 2);
    auto media = bot.upload(wecom::MediaKind::File, std::vector<uint8_t>{'r', 'e', 'p', 'o', 'r', 't'}, "r.txt");
    CHECK(!media.media_id.empty() && media.kind == wecom::MediaKind::File && media.created_at > 0);
    bot.send(wecom::Message::file(media.media_id));
    auto voice = bot.send_voice(fixture("voice-3s.amr"));
    CHECK(voice.kind == wecom::MediaKind::Voice);
    e = EXPECT_ERROR(bot.upload(wecom::MediaKind::Voice, fixture("voice-60s-plus-one-frame.amr")));
    CHECK(e.kind() == wecom::ErrorKind::Validation && e.field() == "media" && e.rule() == "max_duration");
    e = EXPECT_ERROR(bot.send(wecom::Message::file("never-uploaded")));
    CHECK(e.kind() == wecom::ErrorKind::Api && e.errcode() == 40007 && !e.errmsg().empty());
  }

  // One client shared by 4 threads (the test script counts what the mock recorded for the key).
  wecom::ClientConfig threads_config;
  threads_config.base_url(url).no_rate_limit().no_proxy();
  const wecom::Client bot("cpp-threads-key", threads_config);
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; t++) {
    threads.emplace_back([&bot, &errors, t] {
      for (int i = 0; i < 10; i++) {
        try {
          bot.send_text("C++ thread " + std::to_string(t) + " message " + std::to_string(i));
        } catch (const wecom::Error &e) {
          std::cerr << "thread " << t << ": " << e.kind_name() << ": " << e.what() << "\n";
          errors++;
        }
      }
    });
  }
  for (auto &th : threads) th.join();
  CHECK(errors == 0);

  e = EXPECT_ERROR(wecom::Client("no spaces allowed in a key"));
  CHECK(e.kind() == wecom::ErrorKind::InvalidArgument);
  e = EXPECT_ERROR(wecom::ClientConfig().timeout(std::chrono::milliseconds(0)));
  CHECK(e.kind() == wecom::ErrorKind::InvalidArgument);
}

int main() {
  test_messages();
  test_helpers();
  test_http();
  std::cout << "test_cpp: " << (failures ? "FAILED" : "ok") << " (" << failures << " failed checks)\n";
  return failures ? 1 : 0;
}
