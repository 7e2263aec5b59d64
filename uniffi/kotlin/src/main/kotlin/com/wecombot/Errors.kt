package com.wecombot

/**
 * The readable sentence of any [WecomException] (never contains the webhook key): the same
 * `detail` property that each subclass (`WecomException.Validation`, …) carries, reachable
 * from the base type too.
 */
val WecomException.detail: String
    get() = when (this) {
        is WecomException.Validation -> detail
        is WecomException.Api -> detail
        is WecomException.RateLimited -> detail
        is WecomException.HttpStatus -> detail
        is WecomException.Timeout -> detail
        is WecomException.Transport -> detail
        is WecomException.Decode -> detail
        is WecomException.Io -> detail
        is WecomException.InvalidArgument -> detail
    }
