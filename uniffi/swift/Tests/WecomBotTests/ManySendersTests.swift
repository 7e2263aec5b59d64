// The shared quota's many-senders scenario (issue 12) from the Swift API: two processes (this
// test binary run again, each with its own XDG_STATE_HOME) and two threads of this one send to
// one robot, the rate window kept in one SQLite file, at a mock of the test's own that allows 20
// messages per 2 s (the bots the same). Only the store can coordinate them: the mock must answer
// no 45009, deliver every message once, and receive each sender's messages in its order.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import WecomBot
import XCTest

/// The child process's orders: WECOM_MANY_SENDERS_CHILD="MOCK_URL KEY STORE SENDER".
private let childVariable = "WECOM_MANY_SENDERS_CHILD"
private let perSender = 12

final class ManySendersTests: XCTestCase {
    /// One sender: its own bot (20 per 2 s in `store`; a store failure throws), `perSender`
    /// texts "SENDER NN" in order.
    private static func sendAll(mockUrl: String, key: String, store: String, sender: String) throws {
        let bot = try Bot(webhook: key, config: BotConfig(baseUrl: mockUrl,
                                                           rateLimit: RateLimit(maxMessages: 20, windowMs: 2000, maxWaitMs: 30_000),
                                                           store: store, failOnStoreError: true))
        for i in 1...perSender { try bot.sendText(content: "\(sender) " + String(format: "%02d", i)) }
    }

    /// The repository (this file is uniffi/swift/Tests/WecomBotTests/…).
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A mock of this test's own at 20 messages per 2 s per key; stopped by the returned closure.
    private static func startMock() throws -> (url: String, stop: () -> Void) {
        let mock = Process()
        mock.executableURL = root.appendingPathComponent("target/debug/wecom-bot-mock")
        mock.arguments = ["--port", "0", "--rate-limit", "20/2", "--quiet"]
        let out = Pipe(), input = Pipe()
        mock.standardOutput = out
        mock.standardInput = input  // the mock stops when this closes
        try mock.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let first = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard first.hasPrefix("listening on ") else {
            mock.terminate()
            throw NSError(domain: "ManySendersTests", code: 1, userInfo: [NSLocalizedDescriptionKey: "mock said: \(first)"])
        }
        return (String(first.dropFirst("listening on ".count)), {
            try? input.fileHandleForWriting.close()
            mock.terminate()
            mock.waitUntilExit()
        })
    }

    private static func get(_ url: String) throws -> Data {
        final class Answer: @unchecked Sendable { var data: Data?, error: Error? }
        let done = DispatchSemaphore(value: 0)
        let answer = Answer()
        URLSession.shared.dataTask(with: URL(string: url)!) { data, _, error in
            (answer.data, answer.error) = (data, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = answer.error { throw error }
        return answer.data ?? Data()
    }

    /// In the parent run: a child sender process's part of the scenario; with
    /// WECOM_MANY_SENDERS_CHILD set (the scenario runs this test binary again with it), one sender.
    func testAChildSender() throws {
        let env = ProcessInfo.processInfo.environment
        if let orders = env[childVariable] {
            let f = orders.split(separator: " ").map(String.init)
            XCTAssertEqual(f.count, 4, orders)
            try Self.sendAll(mockUrl: f[0], key: f[1], store: f[2], sender: f[3])
            XCTAssertEqual(env["XDG_STATE_HOME"]?.hasSuffix("state-\(f[3])"), true, "a child has its own state directory")
            return
        }
        // Alone: one sender at the scaled mock stays inside the window by itself.
        let (mockUrl, stop) = try Self.startMock()
        defer { stop() }
        let key = "swiftpm-one-sender-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wecom-swift-one-\(key)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.sendAll(mockUrl: mockUrl, key: key, store: "sqlite:\(dir.path)/one.sqlite3", sender: "alone")
        try Self.judge(mockUrl: mockUrl, key: key, senders: 1)
    }

    func testProcessesAndThreadsShareOneWindowThroughTheStore() throws {
        let (mockUrl, stop) = try Self.startMock()
        defer { stop() }
        let key = "swiftpm-many-senders-\(UInt64(Date().timeIntervalSince1970 * 1000))"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wecom-swift-many-\(key)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = "sqlite:\(dir.path)/shared.sqlite3"

        // Two processes: this test binary again, running only testAChildSender as one sender.
        let children = try (1...2).map { n -> (Process, Pipe) in
            let state = dir.appendingPathComponent("state-p\(n)")
            try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = ["WecomBotTests.ManySendersTests/testAChildSender"]
            var env = ProcessInfo.processInfo.environment
            env[childVariable] = "\(mockUrl) \(key) \(store) p\(n)"
            env["XDG_STATE_HOME"] = state.path
            child.environment = env
            let out = Pipe()
            child.standardOutput = out
            child.standardError = out
            try child.run()
            return (child, out)
        }
        // Two threads of this process, each its own bot.
        final class Failures: @unchecked Sendable { var errors: [Error] = []; let lock = NSLock() }
        let failures = Failures()
        let group = DispatchGroup()
        for n in 1...2 {
            group.enter()
            Thread {
                do { try Self.sendAll(mockUrl: mockUrl, key: key, store: store, sender: "t\(n)") } catch {
                    failures.lock.lock(); failures.errors.append(error); failures.lock.unlock()
                }
                group.leave()
            }.start()
        }
        group.wait()
        XCTAssertTrue(failures.errors.isEmpty, "\(failures.errors)")
        for (i, (child, out)) in children.enumerated() {
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            XCTAssertEqual(child.terminationStatus, 0, "sender p\(i + 1): \(output)")
            XCTAssertTrue(output.contains("Executed 1 test, with 0 failures"), "sender p\(i + 1): \(output)")
        }
        try Self.judge(mockUrl: mockUrl, key: key, senders: 4)
    }

    /// What the mock received for `key`: no 45009, every message delivered once, each sender's in order.
    private static func judge(mockUrl: String, key: String, senders: Int) throws {
        let records = try JSONSerialization.jsonObject(with: try get("\(mockUrl)/_mock/records?key=\(key)")) as? [[String: Any]] ?? []
        let errcodes = records.map { (($0["reply"] as? [String: Any])?["json"] as? [String: Any])?["errcode"] as? Int }
        XCTAssertEqual(errcodes.filter { $0 == 45009 }.count, 0, "45009 answers: the store did not coordinate the senders")
        let delivered = records.filter { $0["delivered"] as? Bool == true }
            .compactMap { (($0["body_json"] as? [String: Any])?["text"] as? [String: Any])?["content"] as? String }
        XCTAssertEqual(delivered.count, senders * perSender, "\(delivered)")
        XCTAssertEqual(Set(delivered).count, delivered.count, "a message was delivered twice: \(delivered)")
        var bySender: [String: [Int]] = [:]
        for content in delivered {
            let parts = content.split(separator: " ")
            bySender[String(parts[0]), default: []].append(Int(parts[1]) ?? -1)
        }
        XCTAssertEqual(bySender.count, senders)
        for (sender, numbers) in bySender {
            XCTAssertEqual(numbers, Array(1...perSender), "\(sender)'s messages out of order")
        }
    }
}
