package io.imlogic.redis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * One shard of a comet server's room counts, as goim stores it in a field of the {@code ol_{server}} hash:
 * {@code {"server":"comet-1","room_count":{"live://1000":12},"updated":1700000000}}.
 *
 * <p>{@code stats} and {@code peer} are ours, kept beside the shards: the connection and IP counts a comet may
 * report, and the address its last report came from (its default address in the node list).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerOnline(@JsonProperty("server") String server,
                           @JsonProperty("room_count") Map<String, Integer> roomCount,
                           @JsonProperty("updated") long updated,
                           @JsonIgnore ConnectionStats stats,
                           @JsonIgnore String peer) {
}
