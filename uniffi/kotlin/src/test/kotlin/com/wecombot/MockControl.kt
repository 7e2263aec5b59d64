package com.wecombot

import org.junit.jupiter.api.Assertions.assertEquals
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/** The mock at WECOM_MOCK_URL (scripts/test-kotlin.sh starts it) and its control API (`/_mock/…`). */
class MockControl {
    val url: String = System.getenv("WECOM_MOCK_URL") ?: System.getProperty("wecom.mock.url")
        ?: error("WECOM_MOCK_URL is not set (run through scripts/test-kotlin.sh)")
    private val http = HttpClient.newHttpClient()

    /** `method path` at the mock, with a JSON `body`; the answer must be 200; returns its body. */
    fun call(method: String, path: String, body: String? = null): String {
        val request = HttpRequest.newBuilder(URI.create("$url$path"))
            .method(method, body?.let { HttpRequest.BodyPublishers.ofString(it) } ?: HttpRequest.BodyPublishers.noBody())
            .header("Content-Type", "application/json")
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        assertEquals(200, response.statusCode(), response.body())
        return response.body()
    }
}
