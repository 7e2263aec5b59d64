import com.wecombot.Bot
import com.wecombot.BotConfig
import com.wecombot.RateLimit

/**
 * The Kotlin side of bench/run.sh: the UniFFI binding's Bot (release libwecom_bot_uniffi.so,
 * loaded by JNA from the jar), limiter off, store memory, no retries. Warm-up messages first (the
 * JIT), then N timed ones; prints one JSON object (BenchJvm's fields).
 *
 *   java -cp … KotlinBenchKt BASE_URL KEY N WARMUP
 */
fun main(args: Array<String>) {
    val (base, key) = args[0] to args[1]
    val n = args[2].toInt()
    val warmup = args[3].toInt()
    val config = BotConfig(baseUrl = base, maxAttempts = 1, rateLimit = RateLimit(enabled = false), store = "memory")
    Bot(key, config).use { bot ->
        for (i in 0 until warmup) bot.sendText("warm-up $i")
        val clock = BenchJvm.start()
        for (i in 0 until n) bot.sendText("benchmark message $i")
        println(clock.stop(n, warmup))
    }
}
