package io.imlogic.pipeline;

import io.imlogic.push.PushRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineBudgetTest {

    private static PushRequest push(String id, int msgChars) {
        return PushRequest.toAll(id, 1, 0, new byte[msgChars]);
    }

    @Test
    void admitsByCountAndRefusesBeyondIt() {
        PipelineBudget budget = new PipelineBudget(2, Long.MAX_VALUE, 1000, 1000);
        budget.admit(push("a", 1));
        budget.admit(push("b", 1));
        assertThrows(PipelineFullException.class, () -> budget.admit(push("c", 1)));
        budget.release("a");
        budget.admit(push("c", 1));
        assertEquals(2, budget.inFlight());
    }

    @Test
    void admitsByBytesSoLargePushesFillItSoonerAndAReleaseFreesTheirBytes() {
        long large = PipelineBudget.sizeOf(push("x", 100_000));
        PipelineBudget budget = new PipelineBudget(1000, 3 * large, 1000, 1000);
        for (int i = 0; i < 3; i++) {
            budget.admit(push("large-" + i, 100_000));
        }
        assertThrows(PipelineFullException.class, () -> budget.admit(push("one-more", 100_000)));
        assertEquals(3 * large, budget.bytes(), "a refused push leaves no bytes behind");
        budget.release("large-0");
        budget.admit(push("fits-again", 100_000));
    }

    @Test
    void aPushLargerThanTheWholeBudgetStillGoesAloneRatherThanNever() {
        PipelineBudget budget = new PipelineBudget(10, 1000, 1000, 1000);
        budget.admit(push("huge", 10_000));
        assertThrows(PipelineFullException.class, () -> budget.admit(push("small", 1)));
    }

    @Test
    void recoveredPushesAreNeverRefused() {
        PipelineBudget budget = new PipelineBudget(1, 1, 1000, 1000);
        budget.readmit(push("r1", 10));
        budget.readmit(push("r2", 10));
        budget.readmit(push("r2", 10));
        assertEquals(2, budget.inFlight(), "once per push");
    }

    @Test
    void strandedPushesAreHandedOutOnceAfterTheResendDelay() throws Exception {
        PipelineBudget budget = new PipelineBudget(10, Long.MAX_VALUE, 50, 60_000);
        budget.admit(push("stranded", 1));
        budget.admit(push("busy", 1));
        budget.strand("stranded");
        assertEquals(List.of(), budget.takeStranded(), "not before the delay");
        Thread.sleep(80);
        assertEquals(List.of("stranded"), budget.takeStranded().stream().map(PushRequest::requestId).toList());
        assertEquals(List.of(), budget.takeStranded(), "handed out once");
    }

    @Test
    void aPushNothingWorksOnIsPresumedLostAndSentAgainButActivityKeepsItIn() throws Exception {
        PipelineBudget budget = new PipelineBudget(10, Long.MAX_VALUE, 60_000, 100);
        budget.admit(push("silent", 1));
        budget.admit(push("worked-on", 1));
        long end = System.currentTimeMillis() + 150;
        while (System.currentTimeMillis() < end) {
            budget.touch("worked-on");
            Thread.sleep(10);
        }
        List<String> lost = budget.takeStranded().stream().map(PushRequest::requestId).toList();
        assertEquals(List.of("silent"), lost);
        assertTrue(budget.inFlight() == 2, "sent again, still in flight until settled");
    }
}
