// wecom_bot.hpp: a header-only C++17 RAII wrapper over the C API of libwecom_bot (wecom_bot.h).
//
//   #include <wecom_bot.hpp>
//   wecom::Client bot("693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa");
//   bot.send(wecom::Message::text("deploy finished", {"@all"}));
//
// Every failure throws wecom::Error (a std::runtime_error) carrying the error kind and its
// details; objects own their C handles and release them in their destructors (move-only).
// wecom::Client may be shared by many threads at once (its methods are const). Strings are
// UTF-8 std::string; a string containing a NUL byte throws Error(ErrorKind::InvalidArgument).
// See docs/c.md.
#ifndef WECOM_BOT_HPP
#define WECOM_BOT_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "wecom_bot.h"

namespace wecom {

/// The error kinds, with the stable numbers of wecom_result.
enum class ErrorKind : uint32_t {
  Validation = WECOM_RESULT_VALIDATION,
  Api = WECOM_RESULT_API,
  RateLimited = WECOM_RESULT_RATE_LIMITED,
  HttpStatus = WECOM_RESULT_HTTP_STATUS,
  Timeout = WECOM_RESULT_TIMEOUT,
  Transport = WECOM_RESULT_TRANSPORT,
  Decode = WECOM_RESULT_DECODE,
  Io = WECOM_RESULT_IO,
  InvalidArgument = WECOM_RESULT_INVALID_ARGUMENT,
  Panic = WECOM_RESULT_PANIC,
  Store = WECOM_RESULT_STORE,
};

/// The stable snake_case name of a kind ("validation", "rate_limited", ...).
inline std::string kind_name(ErrorKind kind) { return wecom_result_name(static_cast<uint32_t>(kind)); }

namespace detail {
/// Reads one of the wecom_error_* string getters in full.
inline std::string last_string(size_t (*getter)(char *, size_t)) {
  size_t n = getter(nullptr, 0);
  std::string s(n + 1, '\0');
  getter(s.data(), s.size());
  s.resize(n);
  return s;
}
}  // namespace detail

/// A failed call: the kind and every detail the library gave (field path for validation,
/// errcode/errmsg for api, status for http_status, ...). what() never contains the webhook key.
class Error : public std::runtime_error {
 public:
  /// An error made by the wrapper itself (e.g. a NUL byte inside a std::string argument).
  Error(ErrorKind kind, std::string message, std::string field = {})
      : std::runtime_error(std::move(message)), kind_(kind), field_(std::move(field)) {}

  /// The details the calling thread's last failed call left.
  static Error from_last(wecom_result code) {
    Error e(static_cast<ErrorKind>(code), detail::last_string(wecom_error_message), detail::last_string(wecom_error_field));
    e.rule_ = detail::last_string(wecom_error_rule);
    e.errmsg_ = detail::last_string(wecom_error_errmsg);
    e.path_ = detail::last_string(wecom_error_path);
    e.timeout_phase_ = detail::last_string(wecom_error_timeout_phase);
    int64_t errcode = 0;
    if (wecom_error_errcode(&errcode)) e.errcode_ = errcode;
    uint16_t status = 0;
    if (wecom_error_status(&status)) e.status_ = status;
    uint64_t value = 0;
    if (wecom_error_limit(&value)) e.limit_ = value;
    if (wecom_error_retry_after_ms(&value)) e.retry_after_ = std::chrono::milliseconds(value);
    return e;
  }

  ErrorKind kind() const noexcept { return kind_; }
  std::string kind_name() const { return wecom::kind_name(kind_); }
  /// validation: the field path (e.g. "template_card.jump_list[1].url"); invalid_argument: the argument.
  const std::string &field() const noexcept { return field_; }
  /// validation: the rule ("required", "max_bytes", ...).
  const std::string &rule() const noexcept { return rule_; }
  std::optional<uint64_t> limit() const noexcept { return limit_; }
  /// api / rate_limited: the server's errcode and errmsg (key redacted).
  std::optional<int64_t> errcode() const noexcept { return errcode_; }
  const std::string &errmsg() const noexcept { return errmsg_; }
  /// http_status: the HTTP status.
  std::optional<uint16_t> status() const noexcept { return status_; }
  /// rate_limited: how long to wait before a retry can succeed.
  std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }
  /// timeout: "connect", "send", "receive" or "overall".
  const std::string &timeout_phase() const noexcept { return timeout_phase_; }
  /// io: the path that could not be read.
  const std::string &path() const noexcept { return path_; }

 private:
  ErrorKind kind_;
  std::string field_, rule_, errmsg_, path_, timeout_phase_;
  std::optional<uint64_t> limit_;
  std::optional<int64_t> errcode_;
  std::optional<uint16_t> status_;
  std::optional<std::chrono::milliseconds> retry_after_;
};

namespace detail {
inline void check(wecom_result code) {
  if (code != WECOM_RESULT_OK) throw Error::from_last(code);
}

/// A std::string as a C string; a NUL byte inside it would silently cut it, so it throws.
inline const char *c_str(const std::string &s, const char *argument) {
  if (s.find('\0') != std::string::npos)
    throw Error(ErrorKind::InvalidArgument, std::string("invalid argument ") + argument + ": contains a NUL byte", argument);
  return s.c_str();
}

inline std::string c_path(const std::filesystem::path &p) { return p.string(); }

/// Takes ownership of a string returned by the library.
inline std::string take_string(char *s) {
  std::unique_ptr<char, void (*)(char *)> owned(s, wecom_string_free);
  return owned ? std::string(owned.get()) : std::string();
}

template <class T, void (*Free)(T *)>
struct Deleter {
  void operator()(T *p) const noexcept { Free(p); }
};
template <class T, void (*Free)(T *)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

inline std::vector<std::string> take_list(wecom_string_list *list) {
  Handle<wecom_string_list, wecom_string_list_free> owned(list);
  std::vector<std::string> out;
  size_t n = wecom_string_list_len(owned.get());
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.emplace_back(wecom_string_list_get(owned.get(), i));
  return out;
}
}  // namespace detail

/// The version of the loaded library (compare with WECOM_BOT_VERSION).
inline std::string version() { return wecom_version(); }

/// What to upload.
enum class MediaKind : uint32_t { File = WECOM_MEDIA_KIND_FILE, Voice = WECOM_MEDIA_KIND_VOICE };

/// An upload's result (a plain value: the C handle is released once it is read).
struct Media {
  std::string media_id;
  MediaKind kind;
  int64_t created_at;
};

/// One article of a news message.
struct Article {
  std::string title;
  std::string url;
  std::optional<std::string> description = std::nullopt;
  std::optional<std::string> picurl = std::nullopt;
};

/// Any message. Built by a static factory, completed by the chaining setters (template cards
/// have one setter per field), checked by validate(), serialized by to_json(), sent by
/// Client::send. Setters do not validate; validate/to_json/send throw naming the field.
class Message {
 public:
  static Message text(const std::string &content, const std::vector<std::string> &mentioned_list = {},
                      const std::vector<std::string> &mentioned_mobile_list = {}) {
    Message m(make([&](wecom_message **out) { return wecom_message_text_new(detail::c_str(content, "content"), out); }));
    for (const auto &u : mentioned_list) m.mention(u);
    for (const auto &u : mentioned_mobile_list) m.mention_mobile(u);
    return m;
  }
  static Message markdown(const std::string &content) {
    return Message(make([&](wecom_message **out) { return wecom_message_markdown_new(detail::c_str(content, "content"), out); }));
  }
  static Message markdown_v2(const std::string &content) {
    return Message(make([&](wecom_message **out) { return wecom_message_markdown_v2_new(detail::c_str(content, "content"), out); }));
  }
  /// A JPG or PNG (≤ 2 MiB) from its raw bytes; checked now.
  static Message image(const std::vector<uint8_t> &bytes) {
    static const uint8_t empty = 0;
    return Message(make([&](wecom_message **out) {
      return wecom_message_image_from_bytes(bytes.empty() ? &empty : bytes.data(), bytes.size(), out);
    }));
  }
  /// A JPG or PNG file (≤ 2 MiB); checked now.
  static Message image(const std::filesystem::path &path) {
    std::string p = detail::c_path(path);
    return Message(make([&](wecom_message **out) { return wecom_message_image_from_path(detail::c_str(p, "path"), out); }));
  }
  /// An image from base64 and md5 computed elsewhere (checked when validated or sent).
  static Message image_base64(const std::string &base64, const std::string &md5) {
    return Message(make([&](wecom_message **out) {
      return wecom_message_image_from_base64(detail::c_str(base64, "base64"), detail::c_str(md5, "md5"), out);
    }));
  }
  static Message news(const std::vector<Article> &articles) {
    Message m(make([](wecom_message **out) { return wecom_message_news_new(out); }));
    for (const auto &a : articles) m.article(a);
    return m;
  }
  static Message file(const std::string &media_id) {
    return Message(make([&](wecom_message **out) { return wecom_message_file_new(detail::c_str(media_id, "media_id"), out); }));
  }
  static Message voice(const std::string &media_id) {
    return Message(make([&](wecom_message **out) { return wecom_message_voice_new(detail::c_str(media_id, "media_id"), out); }));
  }
  /// An empty text_notice card (needs main_title.title or sub_title_text, and card_action).
  static Message text_notice() { return Message(make([](wecom_message **out) { return wecom_message_text_notice_new(out); })); }
  /// An empty news_notice card (needs main_title.title, card_image.url and card_action).
  static Message news_notice() { return Message(make([](wecom_message **out) { return wecom_message_news_notice_new(out); })); }
  /// A request body parsed strictly and validated.
  static Message from_json(const std::string &json) {
    return Message(make([&](wecom_message **out) { return wecom_message_from_json(detail::c_str(json, "json"), out); }));
  }

  // ---- text and news --------------------------------------------------------------------
  Message &mention(const std::string &userid) { return set(wecom_message_text_add_mention, userid, "userid"); }
  Message &mention_mobile(const std::string &mobile) { return set(wecom_message_text_add_mention_mobile, mobile, "mobile"); }
  Message &article(const Article &a) {
    detail::check(wecom_message_news_add_article(get(), detail::c_str(a.title, "title"), detail::c_str(a.url, "url")));
    size_t index = articles_++;
    if (a.description) set_at(wecom_message_news_article_set_description, index, *a.description, "description");
    if (a.picurl) set_at(wecom_message_news_article_set_picurl, index, *a.picurl, "picurl");
    return *this;
  }

  // ---- template cards: one setter per field (see wecom_bot.h for each) -------------------
  Message &source_icon_url(const std::string &v) { return set(wecom_card_set_source_icon_url, v, "icon_url"); }
  Message &source_desc(const std::string &v) { return set(wecom_card_set_source_desc, v, "desc"); }
  Message &source_desc_color(int64_t v) { return set_int(wecom_card_set_source_desc_color, v); }
  Message &main_title(const std::string &title) { return set(wecom_card_set_main_title_title, title, "title"); }
  Message &main_title_desc(const std::string &v) { return set(wecom_card_set_main_title_desc, v, "desc"); }
  Message &emphasis_content(const std::string &title, const std::string &desc) {
    set(wecom_card_set_emphasis_content_title, title, "title");
    return set(wecom_card_set_emphasis_content_desc, desc, "desc");
  }
  Message &sub_title_text(const std::string &v) { return set(wecom_card_set_sub_title_text, v, "sub_title_text"); }
  Message &quote_area_type(int64_t v) { return set_int(wecom_card_set_quote_area_type, v); }
  Message &quote_area_url(const std::string &v) { return set(wecom_card_set_quote_area_url, v, "url"); }
  Message &quote_area_appid(const std::string &v) { return set(wecom_card_set_quote_area_appid, v, "appid"); }
  Message &quote_area_pagepath(const std::string &v) { return set(wecom_card_set_quote_area_pagepath, v, "pagepath"); }
  Message &quote_area_title(const std::string &v) { return set(wecom_card_set_quote_area_title, v, "title"); }
  Message &quote_area_quote_text(const std::string &v) { return set(wecom_card_set_quote_area_quote_text, v, "quote_text"); }
  /// Appends a horizontal_content_list line; returns its index for the *_at setters.
  size_t add_horizontal_content(const std::string &keyname) {
    set(wecom_card_add_horizontal_content, keyname, "keyname");
    return horizontal_++;
  }
  Message &horizontal_content_value(size_t i, const std::string &v) { return set_at(wecom_card_horizontal_content_set_value, i, v, "value"); }
  Message &horizontal_content_type(size_t i, int64_t v) { return set_int_at(wecom_card_horizontal_content_set_type, i, v); }
  Message &horizontal_content_url(size_t i, const std::string &v) { return set_at(wecom_card_horizontal_content_set_url, i, v, "url"); }
  Message &horizontal_content_media_id(size_t i, const std::string &v) { return set_at(wecom_card_horizontal_content_set_media_id, i, v, "media_id"); }
  Message &horizontal_content_userid(size_t i, const std::string &v) { return set_at(wecom_card_horizontal_content_set_userid, i, v, "userid"); }
  /// Appends a jump_list link; returns its index.
  size_t add_jump(const std::string &title) {
    set(wecom_card_add_jump, title, "title");
    return jumps_++;
  }
  Message &jump_type(size_t i, int64_t v) { return set_int_at(wecom_card_jump_set_type, i, v); }
  Message &jump_url(size_t i, const std::string &v) { return set_at(wecom_card_jump_set_url, i, v, "url"); }
  Message &jump_appid(size_t i, const std::string &v) { return set_at(wecom_card_jump_set_appid, i, v, "appid"); }
  Message &jump_pagepath(size_t i, const std::string &v) { return set_at(wecom_card_jump_set_pagepath, i, v, "pagepath"); }
  Message &card_action_type(int64_t v) { return set_int(wecom_card_set_card_action_type, v); }
  Message &card_action_url(const std::string &v) { return set(wecom_card_set_card_action_url, v, "url"); }
  Message &card_action_appid(const std::string &v) { return set(wecom_card_set_card_action_appid, v, "appid"); }
  Message &card_action_pagepath(const std::string &v) { return set(wecom_card_set_card_action_pagepath, v, "pagepath"); }
  Message &card_image_url(const std::string &v) { return set(wecom_card_set_card_image_url, v, "url"); }
  Message &card_image_aspect_ratio(double v) {
    detail::check(wecom_card_set_card_image_aspect_ratio(get(), v));
    return *this;
  }
  Message &image_text_area_type(int64_t v) { return set_int(wecom_card_set_image_text_area_type, v); }
  Message &image_text_area_url(const std::string &v) { return set(wecom_card_set_image_text_area_url, v, "url"); }
  Message &image_text_area_appid(const std::string &v) { return set(wecom_card_set_image_text_area_appid, v, "appid"); }
  Message &image_text_area_pagepath(const std::string &v) { return set(wecom_card_set_image_text_area_pagepath, v, "pagepath"); }
  Message &image_text_area_title(const std::string &v) { return set(wecom_card_set_image_text_area_title, v, "title"); }
  Message &image_text_area_desc(const std::string &v) { return set(wecom_card_set_image_text_area_desc, v, "desc"); }
  Message &image_text_area_image_url(const std::string &v) { return set(wecom_card_set_image_text_area_image_url, v, "image_url"); }
  /// Appends a vertical_content_list block; returns its index.
  size_t add_vertical_content(const std::string &title) {
    set(wecom_card_add_vertical_content, title, "title");
    return verticals_++;
  }
  Message &vertical_content_desc(size_t i, const std::string &v) { return set_at(wecom_card_vertical_content_set_desc, i, v, "desc"); }

  // ---- use --------------------------------------------------------------------------------
  void validate() const { detail::check(wecom_message_validate(get())); }
  std::string to_json() const {
    char *json = nullptr;
    detail::check(wecom_message_to_json(get(), &json));
    return detail::take_string(json);
  }
  std::string msgtype() const { return wecom_message_msgtype(get()); }
  /// The C handle (owned by this object).
  const wecom_message *get() const noexcept { return handle_.get(); }
  wecom_message *get() noexcept { return handle_.get(); }

 private:
  using HandleT = detail::Handle<wecom_message, wecom_message_free>;
  explicit Message(HandleT h) : handle_(std::move(h)) {}
  template <class F>
  static HandleT make(F f) {
    wecom_message *m = nullptr;
    detail::check(f(&m));
    return HandleT(m);
  }
  Message &set(wecom_result (*setter)(wecom_message *, const char *), const std::string &v, const char *arg) {
    detail::check(setter(get(), detail::c_str(v, arg)));
    return *this;
  }
  Message &set_at(wecom_result (*setter)(wecom_message *, size_t, const char *), size_t i, const std::string &v, const char *arg) {
    detail::check(setter(get(), i, detail::c_str(v, arg)));
    return *this;
  }
  Message &set_int(wecom_result (*setter)(wecom_message *, int64_t), int64_t v) {
    detail::check(setter(get(), v));
    return *this;
  }
  Message &set_int_at(wecom_result (*setter)(wecom_message *, size_t, int64_t), size_t i, int64_t v) {
    detail::check(setter(get(), i, v));
    return *this;
  }
  HandleT handle_;
  size_t articles_ = 0, horizontal_ = 0, jumps_ = 0, verticals_ = 0;
};

/// What the client-side rate limiter does when the window is full.
enum class RatePolicy : uint32_t { Wait = WECOM_RATE_POLICY_WAIT, FailFast = WECOM_RATE_POLICY_FAIL_FAST };

/// A client configuration (the defaults of wecom_client_config_new); chaining setters.
class ClientConfig {
 public:
  ClientConfig() {
    wecom_client_config *c = nullptr;
    detail::check(wecom_client_config_new(&c));
    handle_.reset(c);
  }
  ClientConfig &base_url(const std::string &url) { return str(wecom_client_config_set_base_url, url, "base_url"); }
  ClientConfig &connect_timeout(std::chrono::milliseconds t) { return ms(wecom_client_config_set_connect_timeout_ms, t); }
  ClientConfig &timeout(std::chrono::milliseconds t) { return ms(wecom_client_config_set_timeout_ms, t); }
  ClientConfig &upload_timeout(std::chrono::milliseconds t) { return ms(wecom_client_config_set_upload_timeout_ms, t); }
  ClientConfig &proxy(const std::string &url) { return str(wecom_client_config_set_proxy, url, "proxy_url"); }
  ClientConfig &no_proxy() {
    detail::check(wecom_client_config_set_proxy_mode(handle_.get(), WECOM_PROXY_MODE_NONE));
    return *this;
  }
  ClientConfig &platform_tls_roots() {
    detail::check(wecom_client_config_set_tls_roots(handle_.get(), WECOM_TLS_ROOTS_PLATFORM));
    return *this;
  }
  ClientConfig &allow_insecure_http(bool allow) {
    detail::check(wecom_client_config_set_allow_insecure_http(handle_.get(), allow));
    return *this;
  }
  ClientConfig &user_agent(const std::string &ua) { return str(wecom_client_config_set_user_agent, ua, "user_agent"); }
  ClientConfig &retry(uint32_t max_attempts, std::chrono::milliseconds initial_backoff, std::chrono::milliseconds max_backoff) {
    detail::check(wecom_client_config_set_retry(handle_.get(), max_attempts, count(initial_backoff), count(max_backoff)));
    return *this;
  }
  ClientConfig &rate_limit(uint32_t max_messages, std::chrono::milliseconds window, RatePolicy policy,
                           std::chrono::milliseconds max_wait = std::chrono::milliseconds(65000)) {
    detail::check(wecom_client_config_set_rate_limit(handle_.get(), max_messages, count(window),
                                                     static_cast<wecom_rate_policy>(policy), count(max_wait)));
    return *this;
  }
  ClientConfig &no_rate_limit() {
    detail::check(wecom_client_config_disable_rate_limit(handle_.get()));
    return *this;
  }
  ClientConfig &multipart_boundary(const std::string &b) { return str(wecom_client_config_set_multipart_boundary, b, "boundary"); }
  const wecom_client_config *get() const noexcept { return handle_.get(); }

 private:
  static uint64_t count(std::chrono::milliseconds t) { return t.count() < 0 ? 0 : static_cast<uint64_t>(t.count()); }
  ClientConfig &str(wecom_result (*setter)(wecom_client_config *, const char *), const std::string &v, const char *arg) {
    detail::check(setter(handle_.get(), detail::c_str(v, arg)));
    return *this;
  }
  ClientConfig &ms(wecom_result (*setter)(wecom_client_config *, uint64_t), std::chrono::milliseconds t) {
    detail::check(setter(handle_.get(), count(t)));
    return *this;
  }
  detail::Handle<wecom_client_config, wecom_client_config_free> handle_;
};

/// A robot client. Thread-safe: share one Client between threads (methods are const).
class Client {
 public:
  /// The full webhook URL or the bare key (a secret the library never prints).
  explicit Client(const std::string &webhook) {
    wecom_client *c = nullptr;
    detail::check(wecom_client_new(detail::c_str(webhook, "webhook"), &c));
    handle_.reset(c);
  }
  /// A client from WECOM_BOT_WEBHOOK (full URL) or else WECOM_BOT_KEY, default configuration.
  static Client from_env() {
    wecom_client *c = nullptr;
    detail::check(wecom_client_from_env(&c));
    return Client(c);
  }
  Client(const std::string &webhook, const ClientConfig &config) {
    wecom_client *c = nullptr;
    detail::check(wecom_client_new_with_config(detail::c_str(webhook, "webhook"), config.get(), &c));
    handle_.reset(c);
  }

  void send(const Message &m) const { detail::check(wecom_client_send(get(), m.get())); }
  void send_text(const std::string &content) const { detail::check(wecom_client_send_text(get(), detail::c_str(content, "content"))); }
  void send_markdown(const std::string &content) const {
    detail::check(wecom_client_send_markdown(get(), detail::c_str(content, "content")));
  }
  void send_markdown_v2(const std::string &content) const {
    detail::check(wecom_client_send_markdown_v2(get(), detail::c_str(content, "content")));
  }
  /// Sends long text as as many text messages as needed; returns how many were sent.
  size_t send_text_chunked(const std::string &content) const {
    size_t sent = 0;
    detail::check(wecom_client_send_text_chunked(get(), detail::c_str(content, "content"), &sent));
    return sent;
  }
  size_t send_markdown_chunked(const std::string &content) const {
    size_t sent = 0;
    detail::check(wecom_client_send_markdown_chunked(get(), detail::c_str(content, "content"), &sent));
    return sent;
  }
  Media upload(MediaKind kind, const std::filesystem::path &path) const {
    std::string p = detail::c_path(path);
    return media([&](wecom_media **out) {
      return wecom_client_upload_path(get(), static_cast<wecom_media_kind>(kind), detail::c_str(p, "path"), out);
    });
  }
  Media upload(MediaKind kind, const std::vector<uint8_t> &bytes, const std::string &filename) const {
    static const uint8_t empty = 0;
    return media([&](wecom_media **out) {
      return wecom_client_upload_bytes(get(), static_cast<wecom_media_kind>(kind), bytes.empty() ? &empty : bytes.data(),
                                       bytes.size(), detail::c_str(filename, "filename"), out);
    });
  }
  Media send_file(const std::filesystem::path &path) const {
    std::string p = detail::c_path(path);
    return media([&](wecom_media **out) { return wecom_client_send_file(get(), detail::c_str(p, "path"), out); });
  }
  Media send_voice(const std::filesystem::path &path) const {
    std::string p = detail::c_path(path);
    return media([&](wecom_media **out) { return wecom_client_send_voice(get(), detail::c_str(p, "path"), out); });
  }
  const wecom_client *get() const noexcept { return handle_.get(); }

 private:
  explicit Client(wecom_client *c) : handle_(c) {}
  template <class F>
  static Media media(F f) {
    wecom_media *m = nullptr;
    detail::check(f(&m));
    detail::Handle<wecom_media, wecom_media_free> owned(m);
    return Media{wecom_media_id(m), static_cast<MediaKind>(wecom_media_kind_of(m)), wecom_media_created_at(m)};
  }
  detail::Handle<wecom_client, wecom_client_free> handle_;
};

// ---- content helpers --------------------------------------------------------------------

inline std::vector<std::string> split_text(const std::string &content) {
  wecom_string_list *list = nullptr;
  detail::check(wecom_split_text(detail::c_str(content, "content"), &list));
  return detail::take_list(list);
}
inline std::vector<std::string> split_markdown(const std::string &content) {
  wecom_string_list *list = nullptr;
  detail::check(wecom_split_markdown(detail::c_str(content, "content"), &list));
  return detail::take_list(list);
}
inline std::string mention(const std::string &userid) {
  char *s = nullptr;
  detail::check(wecom_mention(detail::c_str(userid, "userid"), &s));
  return detail::take_string(s);
}
enum class Color : uint32_t { Info = WECOM_COLOR_INFO, Comment = WECOM_COLOR_COMMENT, Warning = WECOM_COLOR_WARNING };
inline std::string font_color(const std::string &text, Color color) {
  char *s = nullptr;
  detail::check(wecom_font_color(detail::c_str(text, "text"), static_cast<wecom_color>(color), &s));
  return detail::take_string(s);
}
inline std::string markdown_table(const std::vector<std::string> &headers, const std::vector<std::vector<std::string>> &rows) {
  std::vector<const char *> h, cells;
  std::vector<size_t> lengths;
  for (const auto &s : headers) h.push_back(detail::c_str(s, "headers"));
  for (const auto &row : rows) {
    lengths.push_back(row.size());
    for (const auto &s : row) cells.push_back(detail::c_str(s, "cells"));
  }
  // The C API wants non-NULL arrays even when they are empty.
  const char *none = "";
  size_t zero = 0;
  char *s = nullptr;
  detail::check(wecom_markdown_table(h.empty() ? &none : h.data(), h.size(), cells.empty() ? &none : cells.data(),
                                     lengths.empty() ? &zero : lengths.data(), lengths.size(), &s));
  return detail::take_string(s);
}
/// Checks bytes against every upload rule of `kind` (size, AMR, 60 s) without network use.
inline void validate_upload(MediaKind kind, const std::vector<uint8_t> &bytes) {
  static const uint8_t empty = 0;
  detail::check(wecom_validate_upload(static_cast<wecom_media_kind>(kind), bytes.empty() ? &empty : bytes.data(), bytes.size()));
}
/// The playing time of an AMR recording.
inline std::chrono::milliseconds amr_duration(const std::vector<uint8_t> &bytes) {
  static const uint8_t empty = 0;
  uint64_t ms = 0;
  detail::check(wecom_amr_duration_ms(bytes.empty() ? &empty : bytes.data(), bytes.size(), &ms));
  return std::chrono::milliseconds(ms);
}
inline std::string truncate_to_bytes(const std::string &s, size_t max_bytes) {
  char *out = nullptr;
  detail::check(wecom_truncate_to_bytes(detail::c_str(s, "s"), max_bytes, &out));
  return detail::take_string(out);
}

}  // namespace wecom

#endif  // WECOM_BOT_HPP
