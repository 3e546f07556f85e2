package io.countersign.approval;

import static io.countersign.support.Plans.productionRestart;
import static io.countersign.support.AtOnce.atOnce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.countersign.security.Actor;
import io.countersign.security.Roles;
import io.countersign.support.AppTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claims and releases fired together (a latch), many rounds, on the real service and database: one person holds an
 * approval at a time, and the audit log's CLAIMED / UNCLAIMED entries tell exactly the changes of hands that happened.
 */
class ClaimRaceTest extends AppTest {

    private static final int ROUNDS = 20;
    private static final Actor BOB = approver("bob");
    private static final Actor CAROL = approver("carol");

    @Autowired
    Approvals approvals;
    @Autowired
    JdbcClient jdbc;

    @Test
    void claimsAtOnceLeaveOneHolderAndOneClaimedEntry() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);

            List<Boolean> answers = atOnce(() -> approvals.claim(task, BOB), () -> approvals.claim(task, BOB),
                    () -> approvals.claim(task, CAROL), () -> approvals.claim(task, CAROL));

            String holder = approvals.visibleTask(task, BOB).claimedBy();
            String context = "round " + round + ": bob, bob, carol, carol answered " + answers + "; holder " + holder;
            assertThat(holder).as(context).isIn("bob", "carol");
            List<Boolean> holderAnswers = holder.equals("bob") ? answers.subList(0, 2) : answers.subList(2, 4);
            List<Boolean> otherAnswers = holder.equals("bob") ? answers.subList(2, 4) : answers.subList(0, 2);
            assertThat(holderAnswers).as(context).containsExactly(true, true);
            assertThat(otherAnswers).as(context).containsExactly(false, false);
            assertThat(audited(id, "CLAIMED")).as(context).containsExactly(holder);
        }
    }

    @Test
    void releasesAndClaimsAtOnceAreAuditedAsTheyHappened() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = submit("alice", productionRestart("alice")).path("id").asText();
            String task = taskOf("bob", id);
            assertThat(approvals.claim(task, BOB)).isTrue();

            List<Boolean> answers = atOnce(() -> approvals.unclaim(task, BOB), () -> approvals.unclaim(task, BOB),
                    () -> approvals.claim(task, CAROL), () -> approvals.claim(task, CAROL));

            String holder = approvals.visibleTask(task, BOB).claimedBy();
            String context = "round " + round + ": unclaim bob x2, claim carol x2 answered " + answers
                    + "; holder " + holder;
            assertThat(answers.subList(0, 2)).as("exactly one release, " + context).containsExactlyInAnyOrder(true, false);
            assertThat(audited(id, "UNCLAIMED")).as(context).containsExactly("bob");
            List<String> claimed = audited(id, "CLAIMED");
            if (holder == null) {
                assertThat(answers.subList(2, 4)).as(context).containsOnly(false);
                assertThat(claimed).as(context).containsExactly("bob");
            } else {
                assertThat(holder).as(context).isEqualTo("carol");
                assertThat(answers.subList(2, 4)).as(context).contains(true);
                assertThat(claimed).as(context).containsExactly("bob", "carol");
            }
        }
    }

    @Test
    void someoneWhoMayNotDecideCannotClaimNorIsAuditedAsClaiming() {
        String own = submit("bob", productionRestart("bob")).path("id").asText();
        String ownTask = taskOf("carol", own);
        String critical = submit("alice", io.countersign.support.Plans.recreateProductionEnvironment("alice"))
                .path("id").asText();
        String criticalTask = taskOf("bob", critical);
        assertThat(decide("bob", criticalTask, "APPROVE", "owner: snapshot verified").status()).isEqualTo(200);

        assertThatThrownBy(() -> approvals.claim(ownTask, BOB)).as("the requester").isInstanceOf(ClaimNotYours.class);
        assertThatThrownBy(() -> approvals.claim(criticalTask, BOB)).as("who already approved")
                .isInstanceOf(ClaimNotYours.class);

        assertThat(approvals.visibleTask(ownTask, CAROL).claimedBy()).isNull();
        assertThat(approvals.visibleTask(criticalTask, CAROL).claimedBy()).isNull();
        assertThat(audited(own, "CLAIMED")).isEmpty();
        assertThat(audited(critical, "CLAIMED")).isEmpty();
        assertThat(approvals.claim(ownTask, CAROL)).as("a colleague who may decide still can").isTrue();
    }

    private List<String> audited(String requestId, String type) {
        return jdbc.sql("select actor from audit_entry where request_id = ? and event_type = ? order by id")
                .params(requestId, type).query(String.class).list();
    }

    private static Actor approver(String name) {
        return new Actor(name, Actor.HUMAN, Set.of(Roles.ENGINEER, Roles.APPROVER), Set.of("cost-explorer-approvers"),
                "127.0.0.1");
    }
}
