// The Swift conformance runner: every case of tests/conformance/cases/, built through the
// WecomBot Swift API, HTTP cases against the mock at WECOM_MOCK_URL. Writes the results file
// (WECOM_CONFORMANCE_RESULTS), prints `N passed, N failed` last, exits 1 if any case failed.
import Foundation
import WecomBot

let env = ProcessInfo.processInfo.environment
func setting(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }

guard let confDir = setting("WECOM_CONFORMANCE_DIR"), let fixturesDir = setting("WECOM_FIXTURES_DIR") else {
    FileHandle.standardError.write(Data("set WECOM_CONFORMANCE_DIR and WECOM_FIXTURES_DIR (the harness does)\n".utf8))
    exit(2)
}
let mockURL = setting("WECOM_MOCK_URL")
let build = Build(fixtures: URL(fileURLWithPath: fixturesDir))
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wecom-swift-conformance-\(getpid())")

/// The binding's one table from error case to the stable kind name.
func kindName(_ e: WecomError) -> String {
    switch e {
    case .Validation: return "validation"
    case .Api: return "api"
    case .RateLimited: return "rate_limited"
    case .HttpStatus: return "http_status"
    case .Timeout: return "timeout"
    case .Transport: return "transport"
    case .Decode: return "decode"
    case .Io: return "io"
    case .InvalidArgument: return "invalid_argument"
    }
}

func short(_ s: String) -> String { s.count > 300 ? String(s.prefix(300)) + "…" : s }

/// The outcome of one call: a value to compare, or an error of the binding.
enum Outcome {
    case value(Any?)
    case error(WecomError)
}

func attempt(_ call: () throws -> Any?) throws -> Outcome {
    do {
        return .value(try call())
    } catch let e as WecomError {
        return .error(e)
    }
}

func compareError(_ want: JSON?, _ e: WecomError) -> String? {
    guard let want = want else { return "unexpected error: \(kindName(e)): \(e.detail)" }
    let kind = kindName(e)
    if kind != want["kind"]?.string { return "error kind \(kind) != \(want["kind"]?.write() ?? "?") (\(e.detail))" }
    if e.kind().asStr() != kind { return "WecomError.kind() says \(e.kind().asStr()) but the case is \(kind)" }
    if let f = want["field"]?.string {
        guard case let .Validation(field, _, _, _) = e, field == f else { return "error field != \(f) (\(e))" }
    }
    if let c = want["errcode"]?.int64 {
        var code: Int64?
        if case let .Api(errcode, _, _) = e { code = errcode }
        if case let .RateLimited(errcode, _, _) = e { code = errcode }
        if code != c { return "errcode \(code.map { String($0) } ?? "absent") != \(c) (\(e.detail))" }
    }
    if let s = want["status"]?.int64 {
        guard case let .HttpStatus(status, _) = e, Int64(status) == s else { return "status != \(s) (\(e.detail))" }
    }
    return nil
}

func check(_ expect: JSON, _ outcome: Outcome) throws -> String? {
    let result: Any?
    switch outcome {
    case .error(let e): return compareError(expect["error"], e)
    case .value(let v): result = v
    }
    if let want = expect["error"] { return "expected error \(want.write()), got success: \(short(String(describing: result)))" }
    if let want = expect["body_json"] {
        let body = result as? String ?? ""
        return try JSON.parse(body) == want ? nil : "body \(short(body)) != \(short(want.write()))"
    }
    if let want = expect["image_body"] {
        let image = try JSON.parse(result as? String ?? "")["image"]
        let b64 = image?["base64"]?.string ?? ""
        if image?["md5"] != want["md5"] { return "md5 \(image?["md5"]?.write() ?? "absent") != \(want["md5"]?.write() ?? "")" }
        if Int64(b64.utf8.count) != want["base64_len"]?.int64 { return "base64 length \(b64.utf8.count) != \(want["base64_len"]?.write() ?? "")" }
        if !b64.hasPrefix(want["base64_head"]?.string ?? "") { return "base64 head differs" }
        if !b64.hasSuffix(want["base64_tail"]?.string ?? "") { return "base64 tail differs" }
        return nil
    }
    if let want = expect["result"] {
        let s = result as? String ?? ""
        return .string(s) == want ? nil : "result \(JSON.quote(s)) != \(want.write())"
    }
    if expect["ok"] != nil { return nil }
    if let want = expect["media"] {
        guard let media = result as? Media else { return "no media returned" }
        let got = media.kind == .voice ? "voice" : "file"
        if media.mediaId.isEmpty { return "empty media_id" }
        return got == want["kind"]?.string ? nil : "media kind \(got) != \(want["kind"]?.write() ?? "")"
    }
    return "unknown expectation \(expect.write())"
}

func helper(_ h: JSON) throws -> String {
    let args = h["args"]?.array ?? []
    func arg(_ i: Int) -> JSON { i < args.count ? args[i] : .null }
    switch h["name"]?.string {
    case "mention": return mention(userid: arg(0).string ?? "")
    case "font_color":
        let color: FontColor
        switch arg(1).string {
        case "info": color = .info
        case "comment": color = .comment
        case "warning": color = .warning
        default: throw UnsupportedInput(description: "font colour \(arg(1).write())")
        }
        return fontColor(text: arg(0).string ?? "", color: color)
    case "markdown_table":
        return try markdownTable(headers: build.strs(arg(0)), rows: build.list(arg(1)).map { build.strs($0) })
    case "truncate":
        return try truncate(text: arg(0).string ?? "", maxBytes: arg(1).int64 ?? -1)
    default: throw UnsupportedInput(description: "helper \(h["name"]?.write() ?? "absent")")
    }
}

func makeBot(key: String, mock: String, client: JSON?) throws -> Bot {
    var config = BotConfig(baseUrl: mock)
    for (k, v) in client?.object ?? [:] {
        switch k {
        case "multipart_boundary": config.multipartBoundary = v.string
        case "retry": config.maxAttempts = v == .bool(true) ? 3 : 1
        case "timeout_ms": config.timeoutMs = v.int64 ?? 0
        default: throw UnsupportedInput(description: "client setting \(k)")
        }
    }
    return try Bot(webhook: key, config: config)
}

func content(_ u: JSON) throws -> Data {
    if let f = u["fixture"]?.string { return try Data(contentsOf: build.fixtures.appendingPathComponent(f)) }
    if let t = u["text"]?.string { return Data(t.utf8) }
    guard let g = u["generate"] else { throw UnsupportedInput(description: "upload content \(u.write())") }
    var bytes = Build.hex(g["header_hex"]?.string ?? "")
    let size = Int(g["size"]?.int64 ?? 0)
    if bytes.count < size { bytes.append(Data(count: size - bytes.count)) }
    return bytes
}

func upload(_ bot: Bot, _ u: JSON) throws -> Media {
    let kind: MediaKind = u["kind"]?.string == "voice" ? .voice : .file
    let filename = u["filename"]?.string ?? ""
    if u["source"]?.string == "path" {
        let dir = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(filename)
        if u["missing"] != .bool(true) { try content(u).write(to: path) }
        return try bot.uploadPath(kind: kind, path: path.path)
    }
    return try bot.uploadBytes(kind: kind, bytes: try content(u), filename: filename)
}

/// nil when the case passed, else why it failed.
func run(_ c: JSON) throws -> String? {
    guard let input = c["input"], let expect = c["expect"] else { return "no input or expect" }
    if let m = input["message"] {
        return try check(expect, try attempt { try build.message(m).toJson() })
    }
    if let split = input["split"] {
        let text = split["content"]?.string ?? ""
        let chunks = split["mode"]?.string == "text" ? splitText(content: text) : splitMarkdown(content: text)
        let got = JSON.array(chunks.map { .string($0) })
        return got == expect["chunks"] ? nil : "chunks \(short(got.write())) != \(short(expect["chunks"]?.write() ?? ""))"
    }
    if let h = input["helper"] {
        return try check(expect, try attempt { try helper(h) })
    }
    if input["send"] != nil || input["upload"] != nil {
        guard let mock = mockURL else { return "WECOM_MOCK_URL is not set (run through the harness)" }
        let key = input["key"]?.string ?? ""
        if let m = input["send"] {
            return try check(expect, try attempt { try makeBot(key: key, mock: mock, client: c["client"]).send(message: try build.message(m)) })
        }
        return try check(expect, try attempt { try upload(try makeBot(key: key, mock: mock, client: c["client"]), input["upload"]!) })
    }
    return "unknown input \(input.write())"
}

var ran = [String]()
var failed = [(String, String)]()
let casesDir = URL(fileURLWithPath: confDir).appendingPathComponent("cases")
let files = try FileManager.default.contentsOfDirectory(atPath: casesDir.path).filter { $0.hasSuffix(".json") }.sorted()
if files.isEmpty {
    FileHandle.standardError.write(Data("no case files in \(casesDir.path)\n".utf8))
    exit(2)
}
for file in files {
    let doc = try JSON.parse(try Data(contentsOf: casesDir.appendingPathComponent(file)))
    for c in doc["cases"]?.array ?? [] {
        let id = c["id"]?.string ?? "?"
        ran.append(id)
        var reason: String?
        do {
            reason = try run(c)
        } catch {
            reason = "runner error: \(error)"
        }
        if let r = reason { failed.append((id, short(r))) }
    }
}
try? FileManager.default.removeItem(at: scratch)

if let resultsPath = setting("WECOM_CONFORMANCE_RESULTS") {
    let results = JSON.object([
        "language": .string("swift"),
        "ran": .array(ran.map { .string($0) }),
        "failed": .array(failed.map { .object(["id": .string($0.0), "reason": .string($0.1)]) }),
        "skipped": .array([]),
    ])
    let url = URL(fileURLWithPath: resultsPath)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(results.write().utf8).write(to: url)
}
for (id, reason) in failed { print("FAIL \(id): \(reason)") }
print("\(ran.count - failed.count) passed, \(failed.count) failed")
exit(failed.isEmpty ? 0 : 1)
