package com.wecombot.conformance

import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/**
 * The Kotlin conformance runner: every case of `tests/conformance/cases/`, built through the
 * Kotlin API, HTTP cases against the mock at `WECOM_MOCK_URL`. Writes what happened per case
 * to the results file (`WECOM_CONFORMANCE_RESULTS`); the harness judges it.
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

        val outcomes = Runner(confDir, fixtures, mockUrl).runAll()
        if (resultsFile != null) {
            val path: Path = Paths.get(resultsFile)
            path.toAbsolutePath().parent?.let { Files.createDirectories(it) }
            Files.writeString(path, Runner.gson.toJson(mapOf("language" to "kotlin", "outcomes" to outcomes)))
        }
        val runnerErrors = outcomes.filter { "runner_error" in it }
        for (o in runnerErrors) println("runner error ${o["id"]}: ${o["runner_error"]}")
        println("${outcomes.size} cases run (${runnerErrors.size} runner errors); the harness judges the outcomes")
        System.out.flush()
        assertTrue(outcomes.isNotEmpty(), "no conformance case ran")
    }
}
