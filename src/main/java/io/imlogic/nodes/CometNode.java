package io.imlogic.nodes;

import java.util.List;

/**
 * A live comet as the node list sees it: its server id (goim: the comet's host name), the addresses clients dial,
 * its configured weight and the load it reported.
 *
 * @param updated epoch seconds of its last online report
 */
public record CometNode(String hostname, List<String> addrs, int weight, long connCount, long ipCount,
                        long updated) {
}
