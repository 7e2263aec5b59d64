// `swift test` of the WecomBot package (run by scripts/test-swift.sh inside the Swift chroot,
// with WECOM_MOCK_URL pointing at a fresh mock): the package links through its pkg-config system
// library, the async layer reaches the server, errors read with Swift's case names, and a
// failure that may have delivered the message says so.
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
        } catch let WecomBotError.validation(field, rule, _, detail) {
            XCTAssertEqual(field, "text.content")
            XCTAssertEqual(rule, "required")
            XCTAssertFalse(detail.isEmpty)
        }
    }

    func testBlockingCallsThrowTheGeneratedTypeConvertible() throws {
        // The blocking call throws the generated type; the same failure under Swift's names:
        let bot = try bot("swiftpm-errors-k3yc4n4ry-02")
        do {
            try bot.sendText(content: "")
            XCTFail("an empty text was accepted")
        } catch let e as WecomError {
            XCTAssertEqual(WecomBotError(e).kind, .validation)
            XCTAssertEqual(e.detail, WecomBotError(e).detail)
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
        } catch let e as WecomBotError {
            guard case let .timeout(_, mayHaveBeenDelivered, _) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(mayHaveBeenDelivered, "\(e)")
            XCTAssertTrue(e.mayHaveBeenDelivered)
        }
        // A refused connection sent nothing.
        let closed = try Bot(webhook: key, config: BotConfig(baseUrl: "http://127.0.0.1:9", connectTimeoutMs: 2_000, maxAttempts: 1))
        do {
            try await closed.sendText(content: "nobody home")
            XCTFail("a send to a closed port succeeded")
        } catch let e as WecomBotError {
            XCTAssertFalse(e.mayHaveBeenDelivered, "\(e)")
        }
    }
}
