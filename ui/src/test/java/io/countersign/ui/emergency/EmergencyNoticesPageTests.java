package io.countersign.ui.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.emergency.Emergencies.BreakGlassNotice;
import io.countersign.ui.emergency.Emergencies.FreezeNotice;
import io.countersign.ui.fixtures.FixtureClock;
import io.countersign.ui.fixtures.FixtureEmergencies;
import io.countersign.ui.fixtures.FixtureRequests;
import io.countersign.ui.fixtures.FixtureViewers;
import java.time.Duration;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The loud traces of issue 14 on the pages: freezes on the inbox and the submit page, break-glass on the request. */
@UiSliceTest
class EmergencyNoticesPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureEmergencies emergencies;

    @AfterEach
    void reset() {
        emergencies.reset();
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void theInboxShowsAnActiveFreezeUntilWhenAndAnUpcomingOne() throws Exception {
        emergencies.freeze(new FreezeNotice("holidays", "Year-end", FixtureClock.NOW.minus(Duration.ofHours(1)),
                FixtureClock.NOW.plus(Duration.ofDays(2)), true));
        emergencies.freeze(new FreezeNotice("launch", "Launch week", FixtureClock.NOW.plus(Duration.ofDays(5)),
                FixtureClock.NOW.plus(Duration.ofDays(6)), false));

        Document page = page("/");

        assertThat(page.select("#freeze-notices .freeze-notice")).hasSize(2);
        assertThat(page.select("#freeze-notices [role=alert]").text()).contains("Change freeze now: holidays",
                FixtureClock.NOW.plus(Duration.ofDays(2)).toString());
        assertThat(page.select("#freeze-notices").text()).contains("Upcoming change freeze: launch");
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void noFreezeShowsNothing() throws Exception {
        assertThat(page("/").select("#freeze-notices")).isEmpty();
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void theRequestPageOfABreakGlassChangeSaysWhoBrokeGlassAndWhereTheReviewStands() throws Exception {
        emergencies.brokeGlass(FixtureRequests.MEDIUM, new BreakGlassNotice(FixtureRequests.MEDIUM, "dave", "Checkout down", "INC-4711",
                FixtureClock.NOW, FixtureClock.NOW.plus(Duration.ofHours(24)), "PENDING", List.of("bob")));

        Document page = page("/requests/" + FixtureRequests.MEDIUM);

        assertThat(page.select("#break-glass-banner").text()).contains("dave", "INC-4711", "PENDING", "bob");
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void auditorsSeeEveryBreakGlassWithItsReviewOutcome() throws Exception {
        emergencies.brokeGlass(FixtureRequests.MEDIUM, new BreakGlassNotice(FixtureRequests.MEDIUM, "dave",
                "Checkout down", "INC-4711", FixtureClock.NOW, FixtureClock.NOW.plus(Duration.ofHours(24)), "FLAGGED",
                List.of("bob", "frank")));

        Document page = page("/audit");

        assertThat(page.select("#break-glass-report tbody tr")).hasSize(1);
        assertThat(page.select("#break-glass-report tbody tr").text()).contains("dave", "INC-4711", "FLAGGED",
                "bob, frank");
    }

    private Document page(String path) throws Exception {
        String html = mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return Jsoup.parse(html);
    }
}
