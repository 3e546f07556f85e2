package io.countersign.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureAudit;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
@WithMockUser(FixtureViewers.AUDITOR)
class AuditPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureAudit audit;

    @Test
    void showsTheNewestEntriesFirstWithALinkToTheNextPageThatKeepsTheFilters() throws Exception {
        Document page = page("/audit?service=cost-explorer&tier=CRITICAL");

        assertThat(page.select("tbody tr")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.select(".badge").text()).isEqualTo("CRITICAL"));
        assertThat(page.select("#filter-service").val()).isEqualTo("cost-explorer");
        assertThat(page.select("#filter-tier option[selected]").val()).isEqualTo("CRITICAL");

        Document all = page("/audit");
        assertThat(all.select("tbody tr")).hasSize(FixtureAudit.PAGE);
        assertThat(all.select("tbody tr").first().select("td").first().text()).isEqualTo("60");
        assertThat(all.select("#next-page").attr("href")).isEqualTo("/audit?cursor=25");
        assertThat(page("/audit?service=payments").select("#next-page").attr("href"))
                .isEqualTo("/audit?service=payments&cursor=25");
    }

    @Test
    void theNextPageContinuesWhereTheFirstEndedAndOffersAWayBack() throws Exception {
        Document second = page("/audit?cursor=25");

        assertThat(second.select("tbody tr").first().select("td").first().text()).isEqualTo("35");
        assertThat(second.select(".pager a").eachText()).contains("Newest entries");
    }

    @Test
    void theTimeRangeIsSentAsUtcInstantsAndExportLinksCarryTheSameFilters() throws Exception {
        Document page = page("/audit?from=2025-12-01T08:10&agent=kiro-7");

        assertThat(audit.lastQuery().params()).containsEntry("from", "2025-12-01T08:10:00Z")
                .containsEntry("agent", "kiro-7");
        assertThat(page.select("a.export-csv").attr("href"))
                .isEqualTo("/audit/export?from=2025-12-01T08:10:00Z&agent=kiro-7&format=csv");
        assertThat(page.select("a.export-json").attr("href")).endsWith("&format=json");
        assertThat(page.select("#filter-from").val()).isEqualTo("2025-12-01T08:10");
    }

    @Test
    void aFilterTheLogCannotUseIsShownNextToItsField() throws Exception {
        String body = mvc.perform(get("/audit?tier=SEVERE")).andExpect(status().is(422)).andReturn().getResponse()
                .getContentAsString();
        Document page = Jsoup.parse(body);

        assertThat(page.select("#filter-tier-error").text()).startsWith("must be one of");
        assertThat(page.select("tbody tr")).isEmpty();
    }

    @Test
    void aRequestsTimelineListsEveryEntryOldestFirstWithWhoWhereAndTheHashes() throws Exception {
        Document page = page("/audit/requests/" + FixtureAudit.REQUEST);

        assertThat(page.select("tbody tr")).hasSize(5);
        assertThat(page.select("tbody tr td:first-child").eachText()).containsExactly("1", "2", "3", "4", "5");
        assertThat(page.select("tbody tr").get(2).text()).contains("APPROVED", "bob", "10.0.0.4",
                "Rollback tested on staging", "9f86d081884c…");
        assertThat(page.select("a.export-csv").attr("href")).isEqualTo("/audit/export?requestId=CR-1042&format=csv");
    }

    @Test
    void anUnknownRequestHasNoTimeline() throws Exception {
        mvc.perform(get("/audit/requests/CR-0")).andExpect(status().isNotFound());
    }

    @Test
    void verifyingShowsAnIntactChainOrTheFirstBrokenEntry() throws Exception {
        var intact = mvc.perform(post("/audit/verify").with(csrf())).andExpect(redirectedUrl("/audit"))
                .andExpect(flash().attribute("chain", new ChainStatus(true, 60, null, null))).andReturn();
        Document page = Jsoup.parse(mvc.perform(get("/audit").flashAttrs(intact.getFlashMap())).andReturn()
                .getResponse().getContentAsString());
        assertThat(page.select("#chain-status").text()).isEqualTo("Chain intact, 60 entries checked.");

        audit.breakChainAt(17L);
        try {
            var broken = mvc.perform(post("/audit/verify").with(csrf())).andReturn();
            Document tampered = Jsoup.parse(mvc.perform(get("/audit").flashAttrs(broken.getFlashMap())).andReturn()
                    .getResponse().getContentAsString());
            assertThat(tampered.select("#chain-status").text())
                    .startsWith("Chain broken at seq 17: hash does not match the entry's contents");
        } finally {
            audit.breakChainAt(null);
        }
    }

    @Test
    @WithMockUser(FixtureViewers.ENGINEER)
    void isForbiddenToSomeoneWhoIsNotAnAuditor() throws Exception {
        mvc.perform(get("/audit")).andExpect(status().isForbidden());
        mvc.perform(get("/audit/requests/" + FixtureAudit.REQUEST)).andExpect(status().isForbidden());
        mvc.perform(post("/audit/verify").with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void anAuditorStartsOnTheAuditLogRatherThanAnEmptyInbox() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrl("/audit"));
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
