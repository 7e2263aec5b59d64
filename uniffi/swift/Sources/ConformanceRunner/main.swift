// The Swift conformance runner: every case of tests/conformance/cases/, built through the
// WecomBot Swift API, HTTP cases against the mock at WECOM_MOCK_URL. Writes what happened per
// case id to the results file (WECOM_CONFORMANCE_RESULTS); the harness judges it.
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
    case .validation: return "validation"
    case .api: return "api"
    case .rateLimited: return "rate_limited"
    case .httpStatus: return "http_status"
    case .timeout: return "timeout"
    case .transport: return "transport"
    case .decode: return "decode"
    case .io: return "io"
    case .invalidArgument: return "invalid_argument"
    case .store: return "store"
    }
}

/// The `error` outcome; the error's case and its kind() must agree.
func errorReport(_ e: WecomError) throws -> JSON {
    let kind = kindName(e)
    if e.kind().asStr() != kind {
        throw UnsupportedInput(description: "WecomError.kind() says \(e.kind().asStr()) but the case is \(kind)")
    }
    var report: [String: JSON] = ["kind": .string(kind), "message": .string(e.detail)]
    switch e {
    case let .validation(field, _, _, _): report["field"] = .string(field)
    case let .api(errcode, _, _): report["errcode"] = .int(errcode)
    case let .rateLimited(errcode, _, _): if let code = errcode { report["errcode"] = .int(code) }
    case let .httpStatus(status, _): report["status"] = .int(Int64(status))
    default: break
    }
    return .object(report)
}

/// Runs `call` and reports its outcome: `key: value`, or the library's error.
func attempt(_ key: String, _ call: () throws -> JSON) throws -> [String: JSON] {
    do {
        return [key: try call()]
    } catch let e as WecomError {
        return ["error": try errorReport(e)]
    }
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
    case "to_wecom_markdown": return toWecomMarkdown(commonmark: arg(0).string ?? "")
    case "to_wecom_markdown_v2": return toWecomMarkdownV2(commonmark: arg(0).string ?? "")
    case "to_plain_text": return toPlainText(markdown: arg(0).string ?? "")
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

/// What happened when the case ran: one key of body / chunks / result / sent / media / error / skipped.
func outcome(_ c: JSON) throws -> [String: JSON] {
    guard let input = c["input"] else { throw UnsupportedInput(description: "no input") }
    if let m = input["message"] {
        return try attempt("body") { .string(try build.message(m).toJson()) }
    }
    if let split = input["split"] {
        let text = split["content"]?.string ?? ""
        let chunks: [String]
        switch split["mode"]?.string {
        case "text": chunks = splitText(content: text)
        case "markdown": chunks = splitMarkdown(content: text)
        case "markdown_v2": chunks = splitMarkdownV2(content: text)
        default: throw UnsupportedInput(description: "split mode \(split["mode"]?.write() ?? "absent")")
        }
        return ["chunks": .array(chunks.map { .string($0) })]
    }
    if let h = input["helper"] {
        return try attempt("result") { .string(try helper(h)) }
    }
    if input["json"] != nil {
        // Allowed for Swift only for this kind (ALLOWED_SKIPS in the harness's judge.rs).
        return ["skipped": .string("the Swift binding has no JSON entry point: messages are built with types")]
    }
    if input["send"] != nil || input["upload"] != nil {
        guard let mock = mockURL else { throw UnsupportedInput(description: "WECOM_MOCK_URL is not set (run through the harness)") }
        let key = input["key"]?.string ?? ""
        if let m = input["send"] {
            return try attempt("sent") {
                try makeBot(key: key, mock: mock, client: c["client"]).send(message: try build.message(m))
                return .bool(true)
            }
        }
        return try attempt("media") {
            let media = try upload(try makeBot(key: key, mock: mock, client: c["client"]), input["upload"]!)
            return .object(["kind": .string(media.kind == .voice ? "voice" : "file"), "media_id": .string(media.mediaId)])
        }
    }
    throw UnsupportedInput(description: "unknown input \(input.write())")
}

var outcomes = [JSON]()
var runnerErrors = 0
let casesDir = URL(fileURLWithPath: confDir).appendingPathComponent("cases")
let files = try FileManager.default.contentsOfDirectory(atPath: casesDir.path).filter { $0.hasSuffix(".json") }.sorted()
if files.isEmpty {
    FileHandle.standardError.write(Data("no case files in \(casesDir.path)\n".utf8))
    exit(2)
}
for file in files {
    let doc = try JSON.parse(try Data(contentsOf: casesDir.appendingPathComponent(file)))
    for c in doc["cases"]?.array ?? [] {
        var entry: [String: JSON]
        do {
            entry = try outcome(c)
        } catch {
            entry = ["runner_error": .string("\(error)")]
            runnerErrors += 1
        }
        entry["id"] = c["id"] ?? .null
        outcomes.append(.object(entry))
    }
}
try? FileManager.default.removeItem(at: scratch)

guard let resultsPath = setting("WECOM_CONFORMANCE_RESULTS") else {
    FileHandle.standardError.write(Data("set WECOM_CONFORMANCE_RESULTS (the harness does)\n".utf8))
    exit(2)
}
let results = JSON.object(["language": .string("swift"), "outcomes": .array(outcomes)])
let url = URL(fileURLWithPath: resultsPath)
try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
try Data(results.write().utf8).write(to: url)
print("\(outcomes.count) cases run (\(runnerErrors) runner errors); the harness judges the outcomes")
