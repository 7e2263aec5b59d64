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
        is WecomException.Store -> detail
    }

/**
 * True when the message may have been delivered although the call failed: a timeout or a
 * connection closed after the request went out (no answer came back). The library never retries
 * these; check the chat before sending again. The same property as on
 * `WecomException.Timeout` and `WecomException.Transport`; false for every other failure.
 */
val WecomException.mayHaveBeenDelivered: Boolean
    get() = when (this) {
        is WecomException.Timeout -> mayHaveBeenDelivered
        is WecomException.Transport -> mayHaveBeenDelivered
        else -> false
    }
