package io.imlogic.redis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a comet server reports of its connections, for {@code online/total} (goim: its discovery metadata). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionStats(@JsonProperty("conn_count") long connCount, @JsonProperty("ip_count") long ipCount) {
}
