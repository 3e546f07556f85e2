package io.countersign.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.countersign.support.AppTest;
import io.countersign.support.NotifyPeers;
import io.countersign.support.Plans;
import io.countersign.support.WebSession;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the pages say about notifications: the tab's count, what is new in the inbox, and the admin's list. */
class NotificationPagesTest extends AppTest {

    private static final Pattern COUNT = Pattern.compile("name=\"countersign-open-approvals\" content=\"(\\d+)\"");

    @BeforeAll
    static void peers() {
        NotifyPeers.start();
    }

    @Test
    void inboxSaysWhatArrivedSinceTheLastLookAndTheTabCountsOpenApprovals() {
        WebSession carol = WebSession.signedIn(port, "carol");
        carol.get("/");
        int before = openCount(carol.get("/my-requests").body());

        submit("alice", Plans.productionRestart("alice"));
        String page = carol.get("/").body();

        assertThat(page).contains("1 new since you last looked");
        assertThat(openCount(page)).isEqualTo(before + 1);
        assertThat(carol.get("/").body()).contains("Nothing new since you last looked");
    }

    @Test
    void adminPageListsRecentNotificationsWithTheirDeliveryState() {
        String title = "Restart " + UUID.randomUUID();
        Map<String, Object> plan = Plans.productionRestart("alice");
        plan.put("title", title);
        submit("alice", plan);
        WebSession admin = WebSession.signedIn(port, "admin");

        String page = await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/admin").body(),
                p -> p.contains("id=\"notifications\"") && p.contains("data-state=\"SENT\"") && p.contains(title));

        assertThat(page).contains("bob@countersign.test", "carol@countersign.test", "APPROVAL_WAITING");
        assertThat(openCountOrNull(page)).as("an admin is no approver").isNull();
    }

    private static int openCount(String page) {
        Integer count = openCountOrNull(page);
        assertThat(count).as("the open-approvals count in the page head").isNotNull();
        return count;
    }

    private static Integer openCountOrNull(String page) {
        Matcher m = COUNT.matcher(page);
        return m.find() ? Integer.parseInt(m.group(1)) : null;
    }
}
