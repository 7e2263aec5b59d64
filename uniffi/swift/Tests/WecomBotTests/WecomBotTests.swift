// `swift test` of the WecomBot package (run by scripts/test-swift.sh inside the Swift chroot,
// with WECOM_MOCK_URL pointing at a fresh mock): the package links through its pkg-config system
// library, the async layer reaches the server, errors read with Swift's case names, a failure that
// may have delivered the message says so, and the outbox packs what waits behind a full window.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import WecomBot
import XCTest

struct NoMock: Error, CustomStringConvertible {
    var description: String { "WECOM_MOCK_URL is not set (run through scripts/test-swift.sh)" }
}

final class WecomBotTests: XCTestCase {
    private func mockUrl() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["WECOM_MOCK_URL"] else {
            throw NoMock()  // a failure, never a skip: scripts/test-swift.sh always sets it
        }
        return url
    }

    private func bot(_ key: String, timeoutMs: Int64 = 30_000) throws -> Bot {
        try Bot(webhook: key, config: BotConfig(baseUrl: try mockUrl(), timeoutMs: timeoutMs, rateLimit: RateLimit(enabled: false)))
    }

    /// The mock's control API (the same calls as the other languages' tests make).
    private func control(_ method: String, _ path: String, _ body: String? = nil) throws -> String {
        var request = URLRequest(url: URL(string: try mockUrl() + path)!)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body.map { Data($0.utf8) }
        final class Answer: @unchecked Sendable { var data: Data?, response: URLResponse?, error: Error? }
        let done = DispatchSemaphore(value: 0)
        let answer = Answer()
        URLSession.shared.dataTask(with: request) { data, response, error in
            (answer.data, answer.response, answer.error) = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = answer.error { throw error }
        XCTAssertEqual((answer.response as? HTTPURLResponse)?.statusCode, 200)
        return String(decoding: answer.data ?? Data(), as: UTF8.self)
    }

    private func delivered(_ key: String) throws -> Int {
        try control("GET", "/_mock/records?key=\(key)&delivered=true").components(separatedBy: "\"seq\"").count - 1
    }

    func testAsyncCallsReachTheServer() async throws {
        let key = "swiftpm-async-k3yc4n4ry-0001"
        let bot = try bot(key)
        try await bot.sendText(content: "from a task")
        try await bot.send(message: Text(content: "a message").toMessage())
        let media = try await bot.uploadBytes(kind: .file, bytes: Data("report\n".utf8), filename: "r.txt")
        XCTAssertFalse(media.mediaId.isEmpty)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 1...4 { group.addTask { try await bot.sendMarkdown(content: "**\(i)**") } }
            try await group.waitForAll()
        }
        XCTAssertEqual(try delivered(key), 1 + 1 + 1 + 4)
    }

    func testErrorsHaveSwiftCaseNames() async throws {
        let bot = try bot("swiftpm-errors-k3yc4n4ry-01")
        do {
            try await bot.sendText(content: "")
            XCTFail("an empty text was accepted")
        } catch let WecomError.validation(field, rule, _, detail) {
            XCTAssertEqual(field, "text.content")
            XCTAssertEqual(rule, "required")
            XCTAssertFalse(detail.isEmpty)
        }
    }

    func testBlockingCallsThrowSwiftCaseNamesToo() throws {
        let bot = try bot("swiftpm-errors-k3yc4n4ry-02")
        do {
            try bot.sendText(content: "")
            XCTFail("an empty text was accepted")
        } catch let WecomError.validation(field, rule, _, detail) {
            XCTAssertEqual(field, "text.content")
            XCTAssertEqual(rule, "required")
            XCTAssertFalse(detail.isEmpty)
        }
        do {
            try bot.sendText(content: "")
        } catch let e as WecomError {
            XCTAssertEqual(e.kind(), .validation)
            XCTAssertEqual("\(e)", "validation: \(e.detail)")
            XCTAssertFalse(e.mayHaveBeenDelivered)
        }
    }

    func testATimeoutAfterTheRequestWentOutMayHaveDeliveredTheMessage() async throws {
        let key = "swiftpm-maybe-k3yc4n4ry-01"
        // The mock holds its answer 3 s, then delivers the message; the client waits 300 ms.
        _ = try control("POST", "/_mock/script", #"{"key":"\#(key)","fault":{"kind":"delay","ms":3000},"times":1}"#)
        do {
            try await bot(key, timeoutMs: 300).sendText(content: "slow answer")
            XCTFail("the send did not time out")
        } catch let e as WecomError {
            guard case let .timeout(_, mayHaveBeenDelivered, _) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(mayHaveBeenDelivered, "\(e)")
            XCTAssertTrue(e.mayHaveBeenDelivered)
        }
        // A refused connection sent nothing.
        let closed = try Bot(webhook: key, config: BotConfig(baseUrl: "http://127.0.0.1:9", connectTimeoutMs: 2_000, maxAttempts: 1))
        do {
            try await closed.sendText(content: "nobody home")
            XCTFail("a send to a closed port succeeded")
        } catch let e as WecomError {
            XCTAssertFalse(e.mayHaveBeenDelivered, "\(e)")
        }
    }

    /// The outbox (issue 13): five texts enqueued while the rate window (2 per 3 s, kept in a
    /// SQLite file) is full go out packed in one message; a deliverer thread drains on stop; a
    /// refused message becomes a dead letter and is re-queued.
    func testTheOutboxPacksWhatWaitsThroughAFullWindow() throws {
        let key = "swiftpm-outbox-k3yc4n4ry-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wecom-swift-outbox-\(key)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = "sqlite:\(dir.path)/outbox.sqlite3"
        let bot = try Bot(webhook: key, config: BotConfig(baseUrl: try mockUrl(),
                                                           rateLimit: RateLimit(maxMessages: 2, windowMs: 3000),
                                                           store: store))
        let outbox = try Outbox(bot: bot, config: OutboxConfig(pollMs: 50))
        try bot.sendText(content: "direct 1")
        try bot.sendText(content: "direct 2")  // the window is full now
        var ids: [Int64] = []
        for i in 1...5 { ids.append(try outbox.enqueue(message: Text(content: "alert \(i)").toMessage())) }
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertThrowsError(try outbox.enqueue(message: Text(content: "").toMessage()))
        XCTAssertEqual(try outbox.status().pending, 5)
        let report = try outbox.runUntilEmpty(timeoutMs: 60_000)
        XCTAssertEqual(report.delivered, 5)
        XCTAssertEqual(report.sent, 1)  // one request carried all five
        let records = try control("GET", "/_mock/records?key=\(key)&delivered=true")
        XCTAssertEqual(records.components(separatedBy: "\"seq\"").count - 1, 3)
        XCTAssertTrue(records.contains(#"alert 1\n\nalert 2\n\nalert 3\n\nalert 4\n\nalert 5"#), records)

        // A deliverer thread: what waits when it starts is packed; stop drains.
        for m in ["**disk** full on db1", "**cpu** high", "db1 ok"] {
            _ = try outbox.enqueue(message: Markdown(content: m).toMessage())
        }
        try outbox.start()
        XCTAssertTrue(outbox.isRunning())
        let drained = try outbox.stop(drainMs: 30_000)
        XCTAssertEqual(drained?.delivered, 3)
        XCTAssertFalse(outbox.isRunning())
        XCTAssertTrue(try control("GET", "/_mock/records?key=\(key)&delivered=true")
            .contains(#"**disk** full on db1\n\n**cpu** high\n\ndb1 ok"#))

        // A refused message (93000): a dead letter, listed, re-queued, delivered.
        _ = try control("POST", "/_mock/script", #"{"key":"\#(key)","fault":{"kind":"errcode","errcode":93000},"times":1}"#)
        let id = try outbox.enqueue(message: Text(content: "to a deleted robot").toMessage())
        XCTAssertEqual(try outbox.runUntilEmpty(timeoutMs: 60_000).dead, 1)
        let dead = try outbox.deadLetters()
        XCTAssertEqual(dead.map(\.id), [id])
        XCTAssertTrue(dead[0].error.contains("93000"))
        XCTAssertFalse(dead[0].error.contains(key))
        XCTAssertEqual(try outbox.retryDead(ids: [id]), 1)
        XCTAssertEqual(try outbox.runUntilEmpty(timeoutMs: 60_000).delivered, 1)
        XCTAssertEqual(try outbox.status().dead, 0)
    }
}
