package com.wecombot

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/*
 * Suspending forms of Bot's calls, for coroutines: each runs the blocking call on
 * Dispatchers.IO, so a coroutine on Dispatchers.Main (Android) or Dispatchers.Default can send
 * without blocking its thread. They are named `…Suspending` because Bot's own (blocking) members
 * of the same name would win over an extension.
 *
 * Cancellation: cancelling the calling coroutine does NOT cancel a request in flight. The native
 * call runs to its end (bounded by BotConfig's timeouts, and by the rate limiter's maxWaitMs when
 * it waits for a slot); the coroutine then resumes with CancellationException and the result is
 * dropped, but the message may have been delivered. A coroutine cancelled before the call starts
 * sends nothing.
 */

/** Runs [block] with this bot on [Dispatchers.IO]: any blocking call of [Bot], suspending. */
suspend fun <T> Bot.onIo(block: Bot.() -> T): T = withContext(Dispatchers.IO) { block() }

/** [Bot.send], suspending (see the cancellation note above). */
suspend fun Bot.sendSuspending(message: Message): Unit = onIo { send(message) }

/** [Bot.sendText], suspending. */
suspend fun Bot.sendTextSuspending(content: String): Unit = onIo { sendText(content) }

/** [Bot.sendMarkdown], suspending. */
suspend fun Bot.sendMarkdownSuspending(content: String): Unit = onIo { sendMarkdown(content) }

/** [Bot.sendMarkdownV2], suspending. */
suspend fun Bot.sendMarkdownV2Suspending(content: String): Unit = onIo { sendMarkdownV2(content) }

/** [Bot.sendImage], suspending. */
suspend fun Bot.sendImageSuspending(path: String): Unit = onIo { sendImage(path) }

/** [Bot.sendNews], suspending. */
suspend fun Bot.sendNewsSuspending(articles: List<Article>): Unit = onIo { sendNews(articles) }

/** [Bot.sendJson], suspending. */
suspend fun Bot.sendJsonSuspending(json: String): Unit = onIo { sendJson(json) }

/** [Bot.sendTextChunked], suspending: the number of messages sent. */
suspend fun Bot.sendTextChunkedSuspending(content: String): Long = onIo { sendTextChunked(content) }

/** [Bot.sendMarkdownChunked], suspending: the number of messages sent. */
suspend fun Bot.sendMarkdownChunkedSuspending(content: String): Long = onIo { sendMarkdownChunked(content) }

/** [Bot.uploadPath], suspending. */
suspend fun Bot.uploadPathSuspending(kind: MediaKind, path: String): Media = onIo { uploadPath(kind, path) }

/** [Bot.uploadBytes], suspending. */
suspend fun Bot.uploadBytesSuspending(kind: MediaKind, bytes: ByteArray, filename: String): Media =
    onIo { uploadBytes(kind, bytes, filename) }

/** [Bot.sendFile], suspending. */
suspend fun Bot.sendFileSuspending(path: String): Media = onIo { sendFile(path) }

/** [Bot.sendVoice], suspending. */
suspend fun Bot.sendVoiceSuspending(path: String): Media = onIo { sendVoice(path) }
