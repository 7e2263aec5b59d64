/* Builds a conformance message (wire-shaped JSON) through the builder API of libwecom_bot:
 * one constructor per msgtype and one setter per field. Every key of the input must be
 * mapped; a key the runner does not know fails the case (it is never silently dropped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* The builder state: the message, where an API error was captured, why mapping failed. */
typedef struct {
  wecom_message *msg;
  outcome_t *o;
  reason_t *r;
  bool api_failed; /* the library refused a call: o holds the error, stop building */
  bool unmapped;   /* the runner could not map the input: r holds why */
} builder_t;

/* Records a call's result; returns true when building may go on. */
static bool call(builder_t *b, wecom_result code) {
  if (code == WECOM_RESULT_OK) return true;
  outcome_capture(b->o, code);
  b->api_failed = true;
  return false;
}

static bool unmapped(builder_t *b, const char *fmt, const char *what) {
  char text[512];
  snprintf(text, sizeof text, fmt, what);
  fail(b->r, "the C runner cannot map %s", text);
  b->unmapped = true;
  return false;
}

/* Checks that every key of `obj` is one of `known` (a NULL-terminated list). */
static bool only_keys(builder_t *b, const cJSON *obj, const char *path, const char *const *known) {
  if (!cJSON_IsObject(obj)) return unmapped(b, "%s: not an object", path);
  for (const cJSON *it = obj->child; it; it = it->next) {
    bool ok = false;
    for (const char *const *k = known; *k; k++) ok = ok || strcmp(*k, it->string) == 0;
    if (!ok) {
      char what[256];
      snprintf(what, sizeof what, "%s.%s", path, it->string);
      return unmapped(b, "unknown field %s", what);
    }
  }
  return true;
}

/* A string member: NULL when absent; `bad` set when present but not a string. */
static const char *str(builder_t *b, const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return NULL;
  if (!cJSON_IsString(v)) {
    unmapped(b, "field %s: not a string", key);
    return NULL;
  }
  return v->valuestring;
}

/* A required string member: "" when absent (the library then reports it as required). */
static const char *req_str(builder_t *b, const cJSON *obj, const char *key) {
  const char *s = str(b, obj, key);
  return s ? s : "";
}

static bool int_member(builder_t *b, const cJSON *obj, const char *key, int64_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v) return false;
  if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int64_t)v->valuedouble) {
    unmapped(b, "field %s: not an integer", key);
    return false;
  }
  *out = (int64_t)v->valuedouble;
  return true;
}

#define OK_SO_FAR(b) (!(b)->api_failed && !(b)->unmapped)

/* Sets an optional string field with a setter taking (message, value). */
#define SET_STR(b, obj, key, setter)                                 \
  do {                                                               \
    const char *v_ = str((b), (obj), (key));                         \
    if (v_ && OK_SO_FAR(b)) call((b), setter((b)->msg, v_));         \
  } while (0)
/* The same for list items: setter(message, index, value). */
#define SET_ITEM_STR(b, obj, key, setter, i)                         \
  do {                                                               \
    const char *v_ = str((b), (obj), (key));                         \
    if (v_ && OK_SO_FAR(b)) call((b), setter((b)->msg, (i), v_));    \
  } while (0)
#define SET_INT(b, obj, key, setter)                                 \
  do {                                                               \
    int64_t v_;                                                      \
    if (int_member((b), (obj), (key), &v_) && OK_SO_FAR(b)) call((b), setter((b)->msg, v_)); \
  } while (0)
#define SET_ITEM_INT(b, obj, key, setter, i)                         \
  do {                                                               \
    int64_t v_;                                                      \
    if (int_member((b), (obj), (key), &v_) && OK_SO_FAR(b)) call((b), setter((b)->msg, (i), v_)); \
  } while (0)

static const cJSON *list(builder_t *b, const cJSON *obj, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (v && !cJSON_IsArray(v)) {
    unmapped(b, "field %s: not a list", key);
    return NULL;
  }
  return v;
}

static void build_text(builder_t *b, const cJSON *t) {
  static const char *const keys[] = {"content", "mentioned_list", "mentioned_mobile_list", NULL};
  if (!only_keys(b, t, "text", keys)) return;
  if (!call(b, wecom_message_text_new(req_str(b, t, "content"), &b->msg))) return;
  const cJSON *it;
  const cJSON *mentions = list(b, t, "mentioned_list");
  cJSON_ArrayForEach(it, mentions) {
    if (!cJSON_IsString(it)) { unmapped(b, "%s: not a string", "text.mentioned_list[]"); return; }
    if (!call(b, wecom_message_text_add_mention(b->msg, it->valuestring))) return;
  }
  const cJSON *mobiles = list(b, t, "mentioned_mobile_list");
  cJSON_ArrayForEach(it, mobiles) {
    if (!cJSON_IsString(it)) { unmapped(b, "%s: not a string", "text.mentioned_mobile_list[]"); return; }
    if (!call(b, wecom_message_text_add_mention_mobile(b->msg, it->valuestring))) return;
  }
}

/* A markdown or markdown_v2 message's mentions, through the mention API of every type. */
static void build_mentions(builder_t *b, const cJSON *body, const char *msgtype) {
  const cJSON *it;
  cJSON_ArrayForEach(it, list(b, body, "mentioned_list")) {
    if (!OK_SO_FAR(b)) return;
    if (!cJSON_IsString(it)) { unmapped(b, "%s.mentioned_list[]: not a string", msgtype); return; }
    call(b, strcmp(it->valuestring, "@all") == 0 ? wecom_message_mention_all(b->msg)
                                                  : wecom_message_mention(b->msg, it->valuestring));
  }
  cJSON_ArrayForEach(it, list(b, body, "mentioned_mobile_list")) {
    if (!OK_SO_FAR(b)) return;
    if (!cJSON_IsString(it)) { unmapped(b, "%s.mentioned_mobile_list[]: not a string", msgtype); return; }
    call(b, wecom_message_mention_mobile(b->msg, it->valuestring));
  }
}

static void build_image(builder_t *b, const cJSON *img, const env_t *env) {
  static const char *const keys[] = {"fixture", "as", "pad_to", "bytes_hex", "base64", "md5", NULL};
  if (!only_keys(b, img, "image", keys)) return;
  const char *fixture = str(b, img, "fixture"), *as = str(b, img, "as"), *hex = str(b, img, "bytes_hex");
  const char *b64 = str(b, img, "base64"), *md5 = str(b, img, "md5");
  int64_t pad_to = -1;
  int_member(b, img, "pad_to", &pad_to);
  if (!OK_SO_FAR(b)) return;
  if (b64 || md5) {
    call(b, wecom_message_image_from_base64(b64 ? b64 : "", md5 ? md5 : "", &b->msg));
    return;
  }
  unsigned char *bytes = NULL;
  size_t len = 0;
  if (hex) {
    if (!(bytes = hex_decode(hex, &len))) { unmapped(b, "%s: not hex", "image.bytes_hex"); return; }
  } else if (fixture) {
    char path[4096];
    if (!join_path(path, sizeof path, env->fixtures_dir, fixture)) { unmapped(b, "%s: path too long", fixture); return; }
    if (!as && pad_to < 0) { /* built from the file's path */
      call(b, wecom_message_image_from_path(path, &b->msg));
      return;
    }
    if (as && strcmp(as, "bytes") != 0) { unmapped(b, "image.as %s", as); return; }
    if (!(bytes = read_file(path, &len))) { unmapped(b, "fixture %s: cannot read it", fixture); return; }
    if (pad_to >= 0 && (size_t)pad_to > len) {
      unsigned char *padded = realloc(bytes, (size_t)pad_to);
      if (!padded) { free(bytes); unmapped(b, "%s", "padding: out of memory"); return; }
      memset(padded + len, 0, (size_t)pad_to - len);
      bytes = padded;
      len = (size_t)pad_to;
    }
  } else {
    unmapped(b, "%s", "an image with no fixture, bytes_hex or base64");
    return;
  }
  /* A zero-length image still needs a valid pointer. */
  static const unsigned char empty[1] = {0};
  call(b, wecom_message_image_from_bytes(len ? bytes : empty, len, &b->msg));
  free(bytes);
}

static void build_news(builder_t *b, const cJSON *news) {
  static const char *const keys[] = {"articles", NULL};
  static const char *const article_keys[] = {"title", "description", "url", "picurl", NULL};
  if (!only_keys(b, news, "news", keys)) return;
  if (!call(b, wecom_message_news_new(&b->msg))) return;
  const cJSON *articles = list(b, news, "articles");
  size_t i = 0;
  const cJSON *a;
  cJSON_ArrayForEach(a, articles) {
    if (!only_keys(b, a, "news.articles[]", article_keys)) return;
    const char *title = req_str(b, a, "title"), *url = req_str(b, a, "url");
    if (!OK_SO_FAR(b) || !call(b, wecom_message_news_add_article(b->msg, title, url))) return;
    SET_ITEM_STR(b, a, "description", wecom_message_news_article_set_description, i);
    SET_ITEM_STR(b, a, "picurl", wecom_message_news_article_set_picurl, i);
    if (!OK_SO_FAR(b)) return;
    i++;
  }
}

static void build_media_ref(builder_t *b, const cJSON *body, const char *msgtype) {
  static const char *const keys[] = {"media_id", NULL};
  if (!only_keys(b, body, msgtype, keys)) return;
  const char *id = req_str(b, body, "media_id");
  if (!OK_SO_FAR(b)) return;
  if (strcmp(msgtype, "file") == 0) call(b, wecom_message_file_new(id, &b->msg));
  else call(b, wecom_message_voice_new(id, &b->msg));
}

static void build_card_lists(builder_t *b, const cJSON *card) {
  static const char *const h_keys[] = {"keyname", "value", "type", "url", "media_id", "userid", NULL};
  static const char *const j_keys[] = {"type", "url", "appid", "pagepath", "title", NULL};
  static const char *const v_keys[] = {"title", "desc", NULL};
  const cJSON *it;
  size_t i = 0;
  cJSON_ArrayForEach(it, list(b, card, "horizontal_content_list")) {
    if (!only_keys(b, it, "template_card.horizontal_content_list[]", h_keys)) return;
    const char *keyname = req_str(b, it, "keyname");
    if (!OK_SO_FAR(b) || !call(b, wecom_card_add_horizontal_content(b->msg, keyname))) return;
    SET_ITEM_STR(b, it, "value", wecom_card_horizontal_content_set_value, i);
    SET_ITEM_INT(b, it, "type", wecom_card_horizontal_content_set_type, i);
    SET_ITEM_STR(b, it, "url", wecom_card_horizontal_content_set_url, i);
    SET_ITEM_STR(b, it, "media_id", wecom_card_horizontal_content_set_media_id, i);
    SET_ITEM_STR(b, it, "userid", wecom_card_horizontal_content_set_userid, i);
    if (!OK_SO_FAR(b)) return;
    i++;
  }
  i = 0;
  cJSON_ArrayForEach(it, list(b, card, "jump_list")) {
    if (!only_keys(b, it, "template_card.jump_list[]", j_keys)) return;
    const char *title = req_str(b, it, "title");
    if (!OK_SO_FAR(b) || !call(b, wecom_card_add_jump(b->msg, title))) return;
    SET_ITEM_INT(b, it, "type", wecom_card_jump_set_type, i);
    SET_ITEM_STR(b, it, "url", wecom_card_jump_set_url, i);
    SET_ITEM_STR(b, it, "appid", wecom_card_jump_set_appid, i);
    SET_ITEM_STR(b, it, "pagepath", wecom_card_jump_set_pagepath, i);
    if (!OK_SO_FAR(b)) return;
    i++;
  }
  i = 0;
  cJSON_ArrayForEach(it, list(b, card, "vertical_content_list")) {
    if (!only_keys(b, it, "template_card.vertical_content_list[]", v_keys)) return;
    const char *title = req_str(b, it, "title");
    if (!OK_SO_FAR(b) || !call(b, wecom_card_add_vertical_content(b->msg, title))) return;
    SET_ITEM_STR(b, it, "desc", wecom_card_vertical_content_set_desc, i);
    if (!OK_SO_FAR(b)) return;
    i++;
  }
}

static void build_card(builder_t *b, const cJSON *card) {
  static const char *const keys[] = {"card_type", "source", "main_title", "emphasis_content", "quote_area",
                                     "sub_title_text", "horizontal_content_list", "jump_list", "card_action",
                                     "card_image", "image_text_area", "vertical_content_list", NULL};
  static const char *const source_keys[] = {"icon_url", "desc", "desc_color", NULL};
  static const char *const title_keys[] = {"title", "desc", NULL};
  static const char *const quote_keys[] = {"type", "url", "appid", "pagepath", "title", "quote_text", NULL};
  static const char *const action_keys[] = {"type", "url", "appid", "pagepath", NULL};
  static const char *const image_keys[] = {"url", "aspect_ratio", NULL};
  static const char *const area_keys[] = {"type", "url", "appid", "pagepath", "title", "desc", "image_url", NULL};
  if (!only_keys(b, card, "template_card", keys)) return;
  const char *card_type = req_str(b, card, "card_type");
  if (strcmp(card_type, "text_notice") == 0) call(b, wecom_message_text_notice_new(&b->msg));
  else if (strcmp(card_type, "news_notice") == 0) call(b, wecom_message_news_notice_new(&b->msg));
  else unmapped(b, "card_type %s (the C API builds text_notice and news_notice cards)", card_type);
  if (!OK_SO_FAR(b)) return;

  const cJSON *part;
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "source")) && only_keys(b, part, "template_card.source", source_keys)) {
    SET_STR(b, part, "icon_url", wecom_card_set_source_icon_url);
    SET_STR(b, part, "desc", wecom_card_set_source_desc);
    SET_INT(b, part, "desc_color", wecom_card_set_source_desc_color);
  }
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "main_title")) && only_keys(b, part, "template_card.main_title", title_keys)) {
    SET_STR(b, part, "title", wecom_card_set_main_title_title);
    SET_STR(b, part, "desc", wecom_card_set_main_title_desc);
  }
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "emphasis_content")) &&
      only_keys(b, part, "template_card.emphasis_content", title_keys)) {
    SET_STR(b, part, "title", wecom_card_set_emphasis_content_title);
    SET_STR(b, part, "desc", wecom_card_set_emphasis_content_desc);
  }
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "quote_area")) && only_keys(b, part, "template_card.quote_area", quote_keys)) {
    SET_INT(b, part, "type", wecom_card_set_quote_area_type);
    SET_STR(b, part, "url", wecom_card_set_quote_area_url);
    SET_STR(b, part, "appid", wecom_card_set_quote_area_appid);
    SET_STR(b, part, "pagepath", wecom_card_set_quote_area_pagepath);
    SET_STR(b, part, "title", wecom_card_set_quote_area_title);
    SET_STR(b, part, "quote_text", wecom_card_set_quote_area_quote_text);
  }
  SET_STR(b, card, "sub_title_text", wecom_card_set_sub_title_text);
  if (!OK_SO_FAR(b)) return;
  build_card_lists(b, card);
  if (!OK_SO_FAR(b)) return;
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "card_action")) && only_keys(b, part, "template_card.card_action", action_keys)) {
    SET_INT(b, part, "type", wecom_card_set_card_action_type);
    SET_STR(b, part, "url", wecom_card_set_card_action_url);
    SET_STR(b, part, "appid", wecom_card_set_card_action_appid);
    SET_STR(b, part, "pagepath", wecom_card_set_card_action_pagepath);
    /* A card_action without a type: make the part exist, as the input has it. */
    if (!cJSON_GetObjectItemCaseSensitive(part, "type") && !part->child && OK_SO_FAR(b))
      call(b, wecom_card_set_card_action_type(b->msg, 0));
  }
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "card_image")) && only_keys(b, part, "template_card.card_image", image_keys)) {
    SET_STR(b, part, "url", wecom_card_set_card_image_url);
    const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(part, "aspect_ratio");
    if (ratio && !cJSON_IsNumber(ratio)) unmapped(b, "%s: not a number", "template_card.card_image.aspect_ratio");
    else if (ratio && OK_SO_FAR(b)) call(b, wecom_card_set_card_image_aspect_ratio(b->msg, ratio->valuedouble));
    if (!part->child && OK_SO_FAR(b)) call(b, wecom_card_set_card_image_url(b->msg, ""));
  }
  if ((part = cJSON_GetObjectItemCaseSensitive(card, "image_text_area")) &&
      only_keys(b, part, "template_card.image_text_area", area_keys)) {
    SET_INT(b, part, "type", wecom_card_set_image_text_area_type);
    SET_STR(b, part, "url", wecom_card_set_image_text_area_url);
    SET_STR(b, part, "appid", wecom_card_set_image_text_area_appid);
    SET_STR(b, part, "pagepath", wecom_card_set_image_text_area_pagepath);
    SET_STR(b, part, "title", wecom_card_set_image_text_area_title);
    SET_STR(b, part, "desc", wecom_card_set_image_text_area_desc);
    SET_STR(b, part, "image_url", wecom_card_set_image_text_area_image_url);
    if (!cJSON_GetObjectItemCaseSensitive(part, "image_url") && OK_SO_FAR(b))
      call(b, wecom_card_set_image_text_area_image_url(b->msg, ""));
  }
}

bool build_message(const cJSON *m, const env_t *env, wecom_message **out, outcome_t *o, reason_t *r) {
  static const char *const top_keys[] = {"msgtype", "text", "markdown", "markdown_v2", "image",
                                         "news", "file", "voice", "template_card", NULL};
  builder_t b = {.msg = NULL, .o = o, .r = r, .api_failed = false, .unmapped = false};
  *out = NULL;
  outcome_capture(o, WECOM_RESULT_OK);
  if (!only_keys(&b, m, "message", top_keys)) return false;
  const char *msgtype = req_str(&b, m, "msgtype");
  const cJSON *body = cJSON_GetObjectItemCaseSensitive(m, msgtype);
  if (!b.unmapped && !body) unmapped(&b, "a %s message without its body", msgtype);
  if (!b.unmapped && cJSON_GetArraySize(m) != 2) unmapped(&b, "%s", "fields beside msgtype and its body");
  if (!b.unmapped) {
    if (strcmp(msgtype, "text") == 0) build_text(&b, body);
    else if (strcmp(msgtype, "markdown") == 0 || strcmp(msgtype, "markdown_v2") == 0) {
      static const char *const keys[] = {"content", "mentioned_list", "mentioned_mobile_list", NULL};
      if (only_keys(&b, body, msgtype, keys)) {
        const char *content = req_str(&b, body, "content");
        if (OK_SO_FAR(&b))
          call(&b, strcmp(msgtype, "markdown") == 0 ? wecom_message_markdown_new(content, &b.msg)
                                                     : wecom_message_markdown_v2_new(content, &b.msg));
        build_mentions(&b, body, msgtype);
      }
    } else if (strcmp(msgtype, "image") == 0) build_image(&b, body, env);
    else if (strcmp(msgtype, "news") == 0) build_news(&b, body);
    else if (strcmp(msgtype, "file") == 0 || strcmp(msgtype, "voice") == 0) build_media_ref(&b, body, msgtype);
    else if (strcmp(msgtype, "template_card") == 0) build_card(&b, body);
    else unmapped(&b, "msgtype %s", msgtype);
  }
  if (b.unmapped || b.api_failed) {
    wecom_message_free(b.msg);
    return !b.unmapped;
  }
  *out = b.msg;
  return true;
}
