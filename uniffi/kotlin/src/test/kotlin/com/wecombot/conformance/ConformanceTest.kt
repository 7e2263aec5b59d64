package com.wecombot.conformance

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The Kotlin conformance runner: every case of `tests/conformance/cases/`, built through the
 * Kotlin API, HTTP cases against the mock at `WECOM_MOCK_URL`. Writes the results file
 * (`WECOM_CONFORMANCE_RESULTS`) and prints `N passed, N failed` last.
 */
class ConformanceTest {
    private fun setting(env: String, prop: String): String? =
        System.getenv(env)?.takeIf { it.isNotEmpty() } ?: System.getProperty(prop)?.takeIf { it.isNotEmpty() }

    @Test
    fun everyVector() {
        val base = Paths.get(System.getProperty("wecom.kotlin.basedir") ?: ".").toAbsolutePath()
        val repo = base.resolve("../..").normalize()
        val confDir = Paths.get(setting("WECOM_CONFORMANCE_DIR", "wecom.conformance.dir") ?: repo.resolve("tests/conformance").toString())
        val fixtures = Paths.get(setting("WECOM_FIXTURES_DIR", "wecom.fixtures.dir") ?: repo.resolve("tests/fixtures").toString())
        val mockUrl = setting("WECOM_MOCK_URL", "wecom.mock.url")
        val resultsFile = setting("WECOM_CONFORMANCE_RESULTS", "wecom.conformance.results")

        val results = Runner(confDir, fixtures, mockUrl).runAll()
        if (resultsFile != null) {
            val path: Path = Paths.get(resultsFile)
            path.toAbsolutePath().parent?.let { Files.createDirectories(it) }
            Files.writeString(path, results.toJson())
        }
        for ((id, reason) in results.failed) println("FAIL $id: $reason")
        val passed = results.ran.size - results.failed.size
        println("$passed passed, ${results.failed.size} failed")
        System.out.flush()
        assertEquals(0, results.failed.size, "conformance cases failed: ${results.failed.joinToString { it.first }}")
    }
}
