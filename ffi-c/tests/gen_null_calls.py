#!/usr/bin/env python3
"""Writes the call list of test_null.c from include/wecom_bot.h: for every function declared
in the header and every pointer parameter of it, one call passing NULL there and valid values
everywhere else, with the outcome the header documents (an error code naming the argument,
NULL/0/false from a getter, or a no-op for _free); and for every string parameter one call
passing invalid UTF-8 there (invalid_argument naming it; any failure for a path).

    gen_null_calls.py include/wecom_bot.h OUT.inc

A parameter type this script does not know is an error: a new function cannot be forgotten.
"""
import re
import sys

header, out_path = sys.argv[1], sys.argv[2]
text = open(header, encoding="utf-8").read()
text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
text = re.sub(r"//[^\n]*", "", text)
decls = re.findall(r"^([A-Za-z_][\w \*]*?)\b(wecom_\w+)\(([^;{]*?)\);", text, flags=re.M | re.S)
if len(decls) < 50:
    sys.exit(f"only {len(decls)} functions found in {header}: the parser is out of step with the header")

# A valid value for each parameter type (the fixtures are made by test_null.c).
VALID = {
    "const char *": '"x"',
    "char *": "buf",
    "char **": "&out_string",
    "const uint8_t *": "png",
    "const char *const *": "strings",
    "const size_t *": "lengths",
    "const wecom_table_align *": "(const wecom_table_align[]){WECOM_TABLE_ALIGN_LEFT}",
    "size_t *": "&out_size",
    "int64_t *": "&out_i64",
    "uint64_t *": "&out_u64",
    "uint16_t *": "&out_u16",
    "wecom_client **": "&out_client",
    "wecom_client_config **": "&out_config",
    "wecom_message **": "&out_message",
    "wecom_media **": "&out_media",
    "wecom_string_list **": "&out_list",
    "const wecom_client *": "client",
    "const wecom_client_config *": "config",
    "wecom_client_config *": "config",
    "const wecom_media *": "NULL",  # a media needs a server: its getters are tested with NULL only
    "wecom_media *": "NULL",
    "const wecom_string_list *": "list",
    "wecom_string_list *": "NULL",  # only _free takes it mutable
    # scalars
    "size_t": "1",
    "uint64_t": "1000",
    "uint32_t": "1",
    "int64_t": "1",
    "double": "1.5",
    "bool": "false",
    "wecom_media_kind": "WECOM_MEDIA_KIND_FILE",
    "wecom_proxy_mode": "WECOM_PROXY_MODE_NONE",
    "wecom_tls_roots": "WECOM_TLS_ROOTS_BUNDLED",
    "wecom_rate_policy": "WECOM_RATE_POLICY_FAIL_FAST",
    "wecom_on_store_error": "WECOM_ON_STORE_ERROR_FAIL",
    "wecom_color": "WECOM_COLOR_INFO",
    "wecom_table_align": "WECOM_TABLE_ALIGN_NONE",
    "wecom_log_level": "WECOM_LOG_LEVEL_OFF",
    "wecom_log_callback": "NULL",
    "void *": "NULL",
    # the outbox
    "wecom_outbox **": "&out_outbox",
    "wecom_outbox_config **": "&out_outbox_config",
    "wecom_deliverer **": "&out_deliverer",
    "wecom_dead_letters **": "&out_dead_letters",
    "const wecom_outbox *": "outbox",
    "wecom_outbox *": "NULL",  # only _free takes it mutable
    "const wecom_outbox_config *": "outbox_config",
    "wecom_outbox_config *": "outbox_config",
    "wecom_deliverer *": "deliverer",
    "const wecom_dead_letters *": "dead_letters",
    "wecom_dead_letters *": "NULL",  # only _free takes it mutable
    "wecom_outbox_status *": "&out_status",
    "wecom_outbox_report *": "&out_report",
    "wecom_outbox_step_kind *": "&out_step",
    "const uint64_t *": "(const uint64_t[]){1}",
    "wecom_on_uncertain": "WECOM_ON_UNCERTAIN_RETRY",
}

# Pointer parameters the header documents as optional (NULL is a valid value): the call must
# not fail naming them (it may fail otherwise: the test client's server refuses connections).
NULLABLE = {("wecom_client_send_text_chunked", "out_sent"), ("wecom_client_send_markdown_chunked", "out_sent"),
            ("wecom_client_send_markdown_v2_chunked", "out_sent"),
            ("wecom_set_log_callback", "user_data"),
            ("wecom_outbox_retry_dead", "ids"), ("wecom_outbox_retry_dead", "out_count"),
            ("wecom_outbox_purge", "out_count"), ("wecom_outbox_step", "out_messages"),
            ("wecom_outbox_run_until_empty", "out_report"), ("wecom_deliverer_stop", "out_report")}


def message_for(fn):
    """Which live message a function needs so that only the NULL argument is wrong."""
    if fn.startswith("wecom_card_"):
        news_only = ("card_image", "image_text_area", "vertical_content")
        return "news_card" if any(p in fn for p in news_only) else "text_card"
    if fn.startswith("wecom_message_news_"):
        return "news"
    return "text"


def split_params(params):
    params = " ".join(params.split())
    if params in ("", "void"):
        return []
    out = []
    for p in params.split(","):
        p = p.strip()
        m = re.match(r"^(.*?)(\w+)$", p)
        ty, name = m.group(1).strip(), m.group(2)
        ty = re.sub(r"\s*\*\s*", " *", ty).replace("* *", "**").replace(" *const *", " *const *")
        ty = ty.replace("char *const *", "char *const *")
        out.append((ty, name))
    return out


def norm(ty):
    ty = re.sub(r"\s+", " ", ty).strip()
    ty = ty.replace(" *", " *").replace("* ", "*")
    ty = re.sub(r"\s*\*", " *", ty)
    ty = ty.replace("* *", "**").replace("*const *", "*const *")
    return ty


lines = ["/* GENERATED by gen_null_calls.py from wecom_bot.h: do not edit. */"]
body = []
count = 0
utf8_count = 0
names = []
for ret, fn, params in decls:
    ret = " ".join(ret.split())
    ps = [(norm(t), n) for t, n in split_params(params)]
    names.append(fn)
    for i, (ty, name) in enumerate(ps):
        if "*" not in ty:
            continue
        args = []
        for j, (t2, n2) in enumerate(ps):
            if j == i:
                args.append("NULL")
            elif t2 == "wecom_message *" or t2 == "const wecom_message *":
                args.append(message_for(fn))
            elif t2 in VALID:
                args.append(VALID[t2])
            else:
                sys.exit(f"{fn}: parameter {n2} has type {t2!r}, unknown to gen_null_calls.py")
        call = f"{fn}({', '.join(args)})"
        label = f'"{fn}({name}=NULL)"'
        if (fn, name) in NULLABLE:
            body.append(f'  EXPECT_ACCEPTED({label}, {call}, "{name}");')
        elif ret == "wecom_result":
            body.append(f'  EXPECT_INVALID({label}, {call}, "{name}");')
        elif ret == "void":
            body.append(f"  EXPECT_NO_OP({label}, {call});")
        elif ret.endswith("*"):
            body.append(f"  EXPECT_NULL({label}, {call});")
        elif ret == "bool":
            body.append(f"  EXPECT_FALSE({label}, {call});")
        elif fn.startswith("wecom_error_") and ret == "size_t":
            body.append(f"  EXPECT_NO_CRASH({label}, {call});")
        elif ret in ("size_t", "int64_t", "uint64_t", "wecom_media_kind", "uint32_t"):
            body.append(f"  EXPECT_ZERO({label}, {call});")
        else:
            sys.exit(f"{fn}: return type {ret!r} is unknown to gen_null_calls.py")
        count += 1
    # Invalid UTF-8 in every string parameter: invalid_argument naming it (paths may be any
    # bytes: a path that does not exist fails with some error, never a crash or a success).
    for i, (ty, name) in enumerate(ps):
        if ty != "const char *":
            continue
        args = []
        for j, (t2, _name) in enumerate(ps):
            if j == i:
                args.append("BAD_UTF8")
            elif t2 in ("wecom_message *", "const wecom_message *"):
                args.append(message_for(fn))
            else:
                args.append(VALID[t2])
        call = f"{fn}({', '.join(args)})"
        label = f'"{fn}({name}=invalid UTF-8)"'
        if name == "path":
            body.append(f"  EXPECT_FAILURE({label}, {call});")
        else:
            body.append(f'  EXPECT_INVALID({label}, {call}, "{name}");')
        utf8_count += 1
lines.append(f"#define NULL_CALLS {count}")
lines.append(f"#define UTF8_CALLS {utf8_count}")
lines.append("static void run_null_calls(const wecom_client *client, wecom_client_config *config, wecom_message *text,")
lines.append("                           wecom_message *news, wecom_message *text_card, wecom_message *news_card,")
lines.append("                           const wecom_string_list *list, const uint8_t *png, const char *const *strings,")
lines.append("                           const size_t *lengths, const wecom_outbox *outbox,")
lines.append("                           wecom_outbox_config *outbox_config, wecom_deliverer *deliverer,")
lines.append("                           const wecom_dead_letters *dead_letters) {")
lines.append("  /* Not every fixture is needed by today's header. */")
lines.append("  (void)client, (void)config, (void)text, (void)news, (void)text_card, (void)news_card;")
lines.append("  (void)list, (void)png, (void)strings, (void)lengths, (void)outbox, (void)outbox_config;")
lines.append("  (void)deliverer, (void)dead_letters;")
lines.extend(body)
lines.append("}")
lines.append(f"#define HEADER_FUNCTIONS {len(names)}")
lines.append("static const char *const header_functions[] = {" + ", ".join(f'"{n}"' for n in names) + "};")
open(out_path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
