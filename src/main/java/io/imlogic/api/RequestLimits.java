package io.imlogic.api;

/**
 * What one push may carry.
 *
 * @param maxIds      mids or keys per request ({@code IM_MAX_IDS}); bounds the Redis work one request can cause
 * @param maxMsgBytes size of {@code msg} in UTF-8 bytes ({@code IM_MAX_MSG_BYTES}); bounds every Kafka record
 */
public record RequestLimits(int maxIds, int maxMsgBytes) {
}
