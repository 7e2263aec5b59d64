// `async` forms of Bot's blocking calls. Each runs the call on a Dispatch queue thread (not on
// Swift concurrency's cooperative pool, which must never block) and resumes the caller with
// its result; failures are thrown as the blocking calls throw them (`WecomError`).
//
// Cancellation: cancelling the calling task does NOT cancel a request in flight. The native
// call runs to its end (bounded by BotConfig's timeouts, and by the rate limiter's maxWaitMs
// while it waits for the window), and the message may be delivered. A task cancelled before
// the call starts sends nothing (CancellationError).
import Dispatch
import Foundation

/// Carries a value across threads; the library's objects are thread-safe.
private struct Unchecked<T>: @unchecked Sendable { let value: T }

private func offload<T>(_ call: @escaping () throws -> T) async throws -> T {
    try Task.checkCancellation()
    let box = Unchecked(value: call)
    let result: Unchecked<Result<T, Error>> = await withCheckedContinuation { continuation in
        DispatchQueue.global(qos: .utility).async {
            continuation.resume(returning: Unchecked(value: Result { try box.value() }))
        }
    }
    return try result.value.get()
}

extension Bot {
    /// `send(message:)`, without blocking the calling task's thread.
    public func send(message: Message) async throws { try await offload { try self.send(message: message) } }
    /// `sendText(content:)`, async.
    public func sendText(content: String) async throws { try await offload { try self.sendText(content: content) } }
    /// `sendMarkdown(content:)`, async.
    public func sendMarkdown(content: String) async throws {
        try await offload { try self.sendMarkdown(content: content) }
    }
    /// `sendMarkdownV2(content:)`, async.
    public func sendMarkdownV2(content: String) async throws {
        try await offload { try self.sendMarkdownV2(content: content) }
    }
    /// `sendImage(path:)`, async.
    public func sendImage(path: String) async throws { try await offload { try self.sendImage(path: path) } }
    /// `sendNews(articles:)`, async.
    public func sendNews(articles: [Article]) async throws { try await offload { try self.sendNews(articles: articles) } }
    /// `sendJson(json:)`, async.
    public func sendJson(json: String) async throws { try await offload { try self.sendJson(json: json) } }
    /// `sendTextChunked(content:)`, async: the number of messages sent.
    public func sendTextChunked(content: String) async throws -> Int64 {
        try await offload { try self.sendTextChunked(content: content) }
    }
    /// `sendMarkdownChunked(content:)`, async: the number of messages sent.
    public func sendMarkdownChunked(content: String) async throws -> Int64 {
        try await offload { try self.sendMarkdownChunked(content: content) }
    }
    /// `uploadPath(kind:path:)`, async.
    public func uploadPath(kind: MediaKind, path: String) async throws -> Media {
        try await offload { try self.uploadPath(kind: kind, path: path) }
    }
    /// `uploadBytes(kind:bytes:filename:)`, async.
    public func uploadBytes(kind: MediaKind, bytes: Data, filename: String) async throws -> Media {
        try await offload { try self.uploadBytes(kind: kind, bytes: bytes, filename: filename) }
    }
    /// `sendFile(path:)`, async.
    public func sendFile(path: String) async throws -> Media { try await offload { try self.sendFile(path: path) } }
    /// `sendVoice(path:)`, async.
    public func sendVoice(path: String) async throws -> Media { try await offload { try self.sendVoice(path: path) } }
}
