package io.countersign.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureAdmin;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@UiSliceTest
@WithMockUser(FixtureViewers.ADMIN)
class AdminPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureAdmin admin;

    @Test
    void listsTokensByStateWithoutTheirSecretsAndOffersRevokeOnlyForLiveOnes() throws Exception {
        Document page = page(get("/admin"), 200);

        assertThat(page.select("tr[data-token-id=tok-1] .status").text()).isEqualTo("Active");
        assertThat(page.select("tr[data-token-id=tok-2] .status").text()).isEqualTo("Revoked");
        assertThat(page.select("tr[data-token-id=tok-3] .status").text()).isEqualTo("Expired");
        assertThat(page.select("tr[data-token-id=tok-2] form")).isEmpty();
        assertThat(page.select("tr[data-token-id=tok-1] form").attr("action")).isEqualTo("/admin/agent-tokens/tok-1/revoke");
        assertThat(page.text()).doesNotContain(FixtureAdmin.SECRET);
    }

    @Test
    void aNewTokenIsShownOnceWithACopyItNowNote() throws Exception {
        Document issued = page(post("/admin/agent-tokens").with(csrf()).param("agentId", "deploy-bot")
                .param("name", "Deploy bot").param("engineers", "alice, bob").param("expiresInDays", "30"), 200);

        assertThat(issued.select("#issued-token").val()).isEqualTo(FixtureAdmin.SECRET);
        assertThat(issued.select("#issued-webhook-secret").val()).isEqualTo("cs_whsec_fixture");
        assertThat(issued.select(".token-once h2").text()).isEqualTo("Copy it now");
        assertThat(issued.select(".warning-note").text()).contains("only time the token is shown");
        assertThat(issued.select(".token-once dd").first().text()).isEqualTo("alice, bob");
        assertThat(page(get("/admin"), 200).text()).contains("deploy-bot").doesNotContain(FixtureAdmin.SECRET);
    }

    @Test
    void badInputIsShownNextToTheFieldsAndNothingIsCreated() throws Exception {
        int before = admin.tokens(null).size();

        Document page = page(post("/admin/agent-tokens").with(csrf()).param("agentId", "")
                .param("engineers", " ").param("expiresInDays", "forever"), 422);

        assertThat(page.select("#t-agentId-error").text()).isEqualTo("Name the agent this token is for.");
        assertThat(page.select("#t-engineers-error").text()).startsWith("Name at least one engineer");
        assertThat(page.select("#t-expiresInDays-error").text()).startsWith("Must be a whole number of days");
        assertThat(page.select("#t-expiresInDays").val()).isEqualTo("forever");
        assertThat(admin.tokens(null)).hasSize(before);
    }

    @Test
    void aRefusalFromTheServiceLandsOnItsField() throws Exception {
        Document page = page(post("/admin/agent-tokens").with(csrf()).param("agentId", "x")
                .param("engineers", "mallory").param("expiresInDays", "7"), 422);

        assertThat(page.select("#t-engineers-error").text()).isEqualTo("mallory is not an engineer");
        assertThat(page.select("#t-engineers").val()).isEqualTo("mallory");
    }

    @Test
    void revokingSaysSoAndTheRowTurnsRevoked() throws Exception {
        mvc.perform(post("/admin/agent-tokens/tok-1/revoke").with(csrf())).andExpect(redirectedUrl("/admin"))
                .andExpect(flash().attribute("notice", "Revoked the token of kiro-7. The API refuses it from now on."));

        assertThat(page(get("/admin"), 200).select("tr[data-token-id=tok-1] .status").text()).isEqualTo("Revoked");
    }

    @Test
    void signingKeysRotateAndOnlyVerifyOnlyKeysOfferRetire() throws Exception {
        Document page = page(get("/admin"), 200);
        assertThat(page.select("tr[data-kid=key-active] form")).isEmpty();

        mvc.perform(post("/admin/signing-keys/key-active/retire").with(csrf()))
                .andExpect(flash().attribute("problem", "The active key signs new tokens; rotate first, then retire it."));
        mvc.perform(post("/admin/signing-keys/rotate").with(csrf())).andExpect(redirectedUrl("/admin"));

        Document rotated = page(get("/admin"), 200);
        assertThat(rotated.select("tr[data-kid=key-active] .status").text()).isEqualTo("Verify only");
        assertThat(rotated.select("tr[data-kid=key-active] form").attr("action"))
                .isEqualTo("/admin/signing-keys/key-active/retire");
    }

    @Test
    void theTeamsDirectoryIsShownReadOnlyAndSaysWhy() throws Exception {
        Document page = page(get("/admin"), 200);

        assertThat(page.select(".teams-table tbody tr").first().text()).isEqualTo("cost-explorer cost-explorer-approvers");
        assertThat(page.select(".read-only-note").text()).startsWith("Read-only here: the teams directory is configuration");
        assertThat(page.select("#teams form")).isEmpty();
    }

    @Test
    void routedGroupsNobodyCanApproveForAreNamedWithWhatSendsPlansThere() throws Exception {
        Document page = page(get("/admin"), 200);

        assertThat(page.select("#uncovered-groups .warning-note").eachText()).containsExactly(
                "Nobody can approve for platform-approvers (owning team of every service not in the directory): "
                        + "plans routed there wait until they expire. Add an enabled approver to the group.");
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void isForbiddenToSomeoneWhoIsNotAnAdmin() throws Exception {
        mvc.perform(get("/admin")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/agent-tokens").with(csrf()).param("agentId", "x")).andExpect(status().isForbidden());
        mvc.perform(post("/admin/signing-keys/rotate").with(csrf())).andExpect(status().isForbidden());
    }

    @Test
    void anAdminLinksAndUnlinksASingleSignOnIdentityAndIsToldWhatChanged() throws Exception {
        mvc.perform(post("/admin/sso-identities").with(csrf()).param("issuer", "https://login.example.com")
                        .param("subject", "9c2e-carol").param("username", "carol"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("notice", containsString("signs in as carol")));
        Document page = page(get("/admin"), 200);
        assertThat(page.select("tr[data-subject=9c2e-carol] td").first().text()).isEqualTo("carol");
        assertThat(page.select("tr[data-subject=9c2e-carol] form").attr("action")).isEqualTo("/admin/sso-identities/unlink");

        mvc.perform(post("/admin/sso-identities").with(csrf()).param("issuer", "https://login.example.com")
                        .param("subject", "x").param("username", "nobody"))
                .andExpect(flash().attribute("problem", "There is no user nobody in the directory."));
        mvc.perform(post("/admin/sso-identities/unlink").with(csrf()).param("issuer", "https://login.example.com")
                        .param("subject", "9c2e-carol"))
                .andExpect(flash().attribute("notice", containsString("can no longer sign in")));
        assertThat(page(get("/admin"), 200).select("tr[data-subject=9c2e-carol]")).isEmpty();
    }

    private Document page(MockHttpServletRequestBuilder request, int status) throws Exception {
        return Jsoup.parse(mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse()
                .getContentAsString());
    }
}
