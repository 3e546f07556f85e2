package io.countersign.ui.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureRequesterActions;
import io.countersign.ui.fixtures.FixtureRequests;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The engineer's part of the request page: withdraw, revise, and the warning that nobody can approve. */
@UiSliceTest
class RequesterActionsPageTests {

    private static final String CRITICAL = "/requests/" + FixtureRequests.CRITICAL;

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureRequesterActions actions;

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void theRequesterIsOfferedWithdrawWithAReasonAndRevise() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("form#withdraw").attr("action")).isEqualTo(CRITICAL + "/withdraw");
        assertThat(page.select("#withdraw-reason").hasAttr("required")).isTrue();
        assertThat(page.select("#revise-plan").attr("href"))
                .isEqualTo("/requests/new?revise=" + FixtureRequests.CRITICAL);
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void someoneOffTheRequestingSideIsOfferedNeitherButSeesThatNobodyCanApprove() throws Exception {
        Document page = page(CRITICAL);

        assertThat(page.select("#engineer-actions")).isEmpty();
        assertThat(page.select("#approver-gaps .approver-gap").text()).isEqualTo(FixtureRequesterActions.GAP);
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void withdrawingRecordsTheReasonAndReturnsToThePageWithANotice() throws Exception {
        mvc.perform(post(CRITICAL + "/withdraw").param("reason", "  wrong region  ").with(csrf()))
                .andExpect(redirectedUrl(CRITICAL))
                .andExpect(flash().attribute("notice",
                        "Withdrawn. The plan will not be approved or run; its open approvals are closed."));

        assertThat(actions.withdrawals()).contains(FixtureRequests.CRITICAL + ": wrong region");
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void withdrawingWithoutAReasonChangesNothingAndAsksForOne() throws Exception {
        int before = actions.withdrawals().size();

        mvc.perform(post(CRITICAL + "/withdraw").param("reason", " ").with(csrf()))
                .andExpect(redirectedUrl(CRITICAL + "#withdraw"))
                .andExpect(flash().attribute("problem",
                        "Say why you withdraw the plan; the approvers and the audit log read it."));
        assertThat(actions.withdrawals()).hasSize(before);
    }

    @Test
    @WithMockUser(FixtureViewers.SECOND_APPROVER)
    void theServicesRefusalIsShownAndNothingIsWithdrawn() throws Exception {
        int before = actions.withdrawals().size();

        mvc.perform(post(CRITICAL + "/withdraw").param("reason", "not mine").with(csrf()))
                .andExpect(redirectedUrl(CRITICAL))
                .andExpect(flash().attribute("problem", "Only the requester or its agent can withdraw this plan."));
        assertThat(actions.withdrawals()).hasSize(before);
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void someoneWhoIsNotAnEngineerIsForbidden() throws Exception {
        mvc.perform(post(CRITICAL + "/withdraw").param("reason", "x").with(csrf())).andExpect(status().isForbidden());
        assertThat(actions.withdrawals()).noneMatch(w -> w.endsWith(": x"));
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void withdrawWithoutCsrfTokenIsForbidden() throws Exception {
        mvc.perform(post(CRITICAL + "/withdraw").param("reason", "x")).andExpect(status().isForbidden());
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
