package io.countersign.ui.emergency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.emergency.Emergencies.BreakGlassNotice;
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
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The break-glass and review forms of the request page: shown when the service says so, posted to the service. */
@UiSliceTest
@WithMockUser(FixtureViewers.APPROVER)
class EmergencyFormsPageTests {

    private static final String PAGE = "/requests/" + FixtureRequests.MEDIUM;

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureEmergencies emergencies;

    @AfterEach
    void reset() {
        emergencies.reset();
    }

    @Test
    void theBreakGlassFormIsOfferedOnlyWhenTheServiceSaysTheViewerMay() throws Exception {
        assertThat(page().select("#break-glass")).isEmpty();

        emergencies.panel(FixtureRequests.MEDIUM, new EmergencyPanel(true, false, List.of(), null));
        Document page = page();

        assertThat(page.select("#break-glass form").attr("action")).isEqualTo(PAGE + "/break-glass");
        assertThat(page.select("#break-glass input[name=_csrf]")).hasSize(1);
        assertThat(page.select("#break-glass-confirm").hasAttr("required")).isTrue();
    }

    @Test
    void breakingGlassCallsTheServiceAndARefusalComesBackToTheFormWithWhatWasTyped() throws Exception {
        mvc.perform(post(PAGE + "/break-glass").with(csrf()).param("reason", "down").param("incidentRef", "INC-1"))
                .andExpect(redirectedUrl(PAGE + "#break-glass"))
                .andExpect(flash().attribute("breakGlassField", "confirm"));
        emergencies.refuseNext(new EmergencyRefused("incidentRef", "Name the incident this emergency change is for."));
        mvc.perform(post(PAGE + "/break-glass").with(csrf()).param("reason", "down").param("confirm", "yes"))
                .andExpect(flash().attribute("breakGlassProblem", "Name the incident this emergency change is for."))
                .andExpect(flash().attribute("breakGlassReason", "down"));
        mvc.perform(post(PAGE + "/break-glass").with(csrf()).param("reason", "down").param("incidentRef", "INC-1")
                        .param("confirm", "yes"))
                .andExpect(redirectedUrl(PAGE));

        assertThat(emergencies.calls()).containsExactly("break-glass " + FixtureRequests.MEDIUM + " down INC-1");
    }

    @Test
    void theReviewFormAndTheReviewsSoFarShowOnceGlassIsBroken() throws Exception {
        emergencies.brokeGlass(FixtureRequests.MEDIUM, new BreakGlassNotice(FixtureRequests.MEDIUM, "dave", "down",
                "INC-1", FixtureClock.NOW, FixtureClock.NOW.plus(Duration.ofHours(24)), "PENDING", List.of("bob")));
        emergencies.panel(FixtureRequests.MEDIUM, new EmergencyPanel(false, true, List.of(
                new EmergencyPanel.ReviewRow("bob", "cost-explorer-approvers", "ACCEPTED", "Checked", FixtureClock.NOW)),
                null));

        Document page = page();
        mvc.perform(post(PAGE + "/break-glass/reviews").with(csrf()).param("outcome", "FLAGGED")
                        .param("comment", "Rollback untested"))
                .andExpect(redirectedUrl(PAGE + "#break-glass-reviews"));

        assertThat(page.select(".break-glass-review").text()).contains("bob", "ACCEPTED", "Checked");
        assertThat(page.select("#break-glass-review").attr("action")).isEqualTo(PAGE + "/break-glass/reviews");
        assertThat(page.select("#break-glass-review input[name=outcome]")).hasSize(2);
        assertThat(emergencies.calls()).containsExactly("review " + FixtureRequests.MEDIUM + " FLAGGED");
    }

    @Test
    @WithAnonymousUser
    void theLoginPageNeedsNoViewerForThePanel() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
    }

    @Test
    void postingWithoutTheCsrfTokenIsRefused() throws Exception {
        mvc.perform(post(PAGE + "/break-glass").param("reason", "down").param("incidentRef", "INC-1")
                .param("confirm", "yes")).andExpect(status().isForbidden());

        assertThat(emergencies.calls()).isEmpty();
    }

    private Document page() throws Exception {
        return Jsoup.parse(mvc.perform(get(PAGE)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
