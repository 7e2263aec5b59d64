package com.wecombot

import kotlin.system.exitProcess

/** A sender process of ManySendersTest: MOCK_URL KEY STORE SENDER COUNT. */
fun main(args: Array<String>) {
    val (mockUrl, key, store, sender, count) = args
    try {
        sendAll(mockUrl, key, store, sender, count.toInt())
    } catch (e: Exception) {
        System.err.println("$sender: $e")
        exitProcess(1)
    }
}
