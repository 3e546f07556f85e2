package io.countersign.ui.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureSubmissions;
import io.countersign.ui.fixtures.FixtureViewers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@UiSliceTest
@WithMockUser(FixtureViewers.ENGINEER)
class SubmitPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureSubmissions submissions;

    @Test
    void everyInputHasALabel() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/new")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        for (Element input : page.select("input:not([type=hidden]), select, textarea")) {
            assertThat(page.select("label[for=" + input.id() + "]")).as("label for %s", input.attr("name"))
                    .hasSize(1);
        }
        assertThat(page.select("[name='actions[0].operation']")).hasSize(1);
    }

    @Test
    void addActionReRendersTheFormWithOneMoreRowAndKeepsWhatWasTyped() throws Exception {
        Document page = render(filledPlan().param("addAction", "1"), 200);

        assertThat(page.select("fieldset.action-card")).hasSize(2);
        assertThat(page.select("#f-title").val()).isEqualTo("Recreate environment");
        assertThat(page.select("#f-actions-0-resource").val()).isEqualTo("env-1");
        assertThat(page.select("#f-actions-1-operation").hasAttr("autofocus")).isTrue();
    }

    @Test
    void removeActionDropsThatRow() throws Exception {
        Document page = render(filledPlan().param("actions[1].resource", "second")
                .param("removeAction", "0"), 200);

        assertThat(page.select("fieldset.action-card")).hasSize(1);
        assertThat(page.select("#f-actions-0-resource").val()).isEqualTo("second");
    }

    @Test
    void theServicesProblemsAppearNextToTheirFieldsAndInASummary() throws Exception {
        Document page = render(filledPlan("title", " ", "actions[0].rollbackPlan", ""), 422);

        assertThat(page.select("#f-title-error").text()).isEqualTo("Enter a title.");
        assertThat(page.select("#f-title").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("#f-actions-0-rollbackPlan-error").text())
                .isEqualTo("A rollback plan is required in production.");
        assertThat(page.select(".error-summary a").eachAttr("href"))
                .containsExactly("#f-title", "#f-actions-0-rollbackPlan");
        assertThat(page.select("#f-actions-0-command").text()).isEqualTo("stack delete env-1");
    }

    @Test
    void anAcceptedPlanLeadsToItsRequestPage() throws Exception {
        mvc.perform(filledPlan()).andExpect(redirectedUrl("/requests/" + FixtureSubmissions.ACCEPTED_ID));

        PlanDraft draft = submissions.lastDraft();
        assertThat(draft.revisionOf()).isNull();
        assertThat(draft.actions().getFirst().regions()).containsExactly("cn-north-1", "eu-west-1");
        assertThat(draft.actions().getFirst().reversible()).isFalse();
    }

    @Test
    void aPastedJsonPlanWithProblemsShowsThemAndKeepsTheText() throws Exception {
        Document page = Jsoup.parse(mvc.perform(multipart("/requests/new/json").param("json", "{\"title\":\"x\"}")
                        .with(csrf()))
                .andExpect(status().isUnprocessableEntity()).andReturn().getResponse().getContentAsString());

        assertThat(page.select(".json-card .error-summary li").text()).isEqualTo("actions: must not be empty");
        assertThat(page.select("#json").text()).isEqualTo("{\"title\":\"x\"}");
    }

    @Test
    void anUploadedJsonPlanIsSubmitted() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "plan.json", "application/json",
                "{\"title\":\"x\",\"actions\":[]}".getBytes(StandardCharsets.UTF_8));

        mvc.perform(multipart("/requests/new/json").file(file).with(csrf()))
                .andExpect(redirectedUrl("/requests/" + FixtureSubmissions.ACCEPTED_ID));
    }

    @Test
    void anUploadThatIsNotUtf8IsRefusedNamingTheFileInsteadOfBeingReadAsReplacementCharacters() throws Exception {
        byte[] latin1 = "{\"title\":\"caf\u00e9\",\"actions\":[]}".getBytes(StandardCharsets.ISO_8859_1);
        MockMultipartFile file = new MockMultipartFile("file", "plan.json", "application/json", latin1);

        Document page = Jsoup.parse(mvc.perform(multipart("/requests/new/json").file(file).with(csrf()))
                .andExpect(status().isUnprocessableEntity()).andReturn().getResponse().getContentAsString());

        assertThat(page.select(".json-card .error-summary li").text()).isEqualTo("file: is not valid UTF-8 text");
        assertThat(page.select("#json").text()).isEmpty();
    }

    @Test
    void submittingWithoutCsrfTokenIsForbidden() throws Exception {
        mvc.perform(post("/requests/new").param("title", "x")).andExpect(status().isForbidden());
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void isForbiddenToSomeoneWhoIsNotAnEngineer() throws Exception {
        mvc.perform(get("/requests/new")).andExpect(status().isForbidden());
    }

    @Test
    void serviceAndEnvironmentAreChosenFromTheTeamsDirectoryAndThePolicysEnvironments() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/new")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        assertThat(page.select("select[name=service] option").eachAttr("value"))
                .containsExactly("", "cost-explorer", "payments");
        assertThat(page.select("select[name=environment] option").eachAttr("value"))
                .containsExactly("", "sandbox", "development", "staging", "production");
        assertThat(page.select("input[name=service], input[name=environment]")).isEmpty();
    }

    @Test
    void aPersonCannotTypeAnAgentIdentity() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/new")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        assertThat(page.select("[name^=agent]")).isEmpty();
    }

    @Test
    void reversibleStartsTickedAndSaysThatUntickingRaisesTheTier() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/new")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        assertThat(page.select("#f-actions-0-reversible").hasAttr("checked")).isTrue();
        assertThat(page.select("#f-actions-0-reversible-hint").text()).contains("needs SRE approval (HIGH)");
    }

    @Test
    void problemsAreListedInTheFormsOrderInPlainWords() throws Exception {
        Document page = render(filledPlan("title", "", "environment", "", "actions[0].operation", ""), 422);

        assertThat(page.select(".error-summary li").eachText()).containsExactly(
                "Title: Enter a title.",
                "Environment: Choose an environment.",
                "Action 1, operation: Choose one of the listed operations.");
        assertThat(page.select(".error-summary a").eachAttr("href"))
                .containsExactly("#f-title", "#f-environment", "#f-actions-0-operation");
        assertThat(page.text()).doesNotContain("actions[0]").doesNotContain("must be");
    }

    @Test
    void checkPolicyShowsTierRuleApproversAndTimersWithoutSubmitting() throws Exception {
        Document page = render(filledPlan("checkPolicy", "1"), 200);

        assertThat(page.select("#policy-preview .badge").text()).isEqualTo("HIGH");
        assertThat(page.select("#policy-preview .preview-rule").text()).isEqualTo("high-irreversible-production");
        assertThat(page.select("#policy-preview .preview-reason").text()).isEqualTo("Irreversible change in production");
        assertThat(page.select("#policy-preview .preview-requirement").text()).isEqualTo("1 person from sre");
        assertThat(page.select("#policy-preview dd").eachText())
                .contains("2h 00m", "8h 00m", "run within 30m of approval");
        assertThat(page.select("#f-title").val()).isEqualTo("Recreate environment");
        assertThat(page.select(".error-summary")).isEmpty();
    }

    @Test
    void checkPolicyWarnsOfARoutedGroupNobodyCanApproveFor() throws Exception {
        Document page = render(filledPlan("checkPolicy", "1", "service", "platform"), 200);

        assertThat(page.select("#policy-preview .approver-gap").text())
                .startsWith("Nobody can approve for platform-approvers");
    }

    @Test
    void checkPolicyOnAnIncompletePlanSaysWhatIsMissingNextToTheField() throws Exception {
        Document page = render(filledPlan("checkPolicy", "1", "environment", ""), 422);

        assertThat(page.select("#error-summary-title").text()).isEqualTo("The policy cannot read the plan yet");
        assertThat(page.select("#f-environment-error").text()).isEqualTo("Choose an environment.");
        assertThat(page.select("#policy-preview")).isEmpty();
    }

    @Test
    void anAcceptedPlanRoutedToAGroupNobodyCanApproveForCarriesTheWarningToItsPage() throws Exception {
        mvc.perform(filledPlan("service", "platform"))
                .andExpect(redirectedUrl("/requests/" + FixtureSubmissions.ACCEPTED_ID))
                .andExpect(flash().attribute("submitWarnings",
                        java.util.List.of(io.countersign.ui.fixtures.FixtureRequesterActions.GAP)));
    }

    @Test
    void reviseOpensTheFormWithThePlanAndSubmitsItAsARevision() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/requests/new").param("revise", FixtureSubmissions.REVISABLE_ID))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        assertThat(page.select("h1").text()).isEqualTo("Revise a plan");
        assertThat(page.select("input[name=revisionOf]").val()).isEqualTo(FixtureSubmissions.REVISABLE_ID);
        assertThat(page.select("#f-title").val()).isEqualTo("Recreate cost-explorer environment");
        assertThat(page.select("select[name=service] option[selected]").val()).isEqualTo("cost-explorer");
        assertThat(page.select("#f-actions-0-regions").val()).isEqualTo("cn-north-1");
        assertThat(page.select("#f-actions-0-reversible").hasAttr("checked")).isFalse();

        mvc.perform(filledPlan("revisionOf", FixtureSubmissions.REVISABLE_ID))
                .andExpect(redirectedUrl("/requests/" + FixtureSubmissions.ACCEPTED_ID));
        assertThat(submissions.lastDraft().revisionOf()).isEqualTo(FixtureSubmissions.REVISABLE_ID);
    }

    @Test
    void revisingARequestThatIsNotTheViewersToReviseIsNotFound() throws Exception {
        mvc.perform(get("/requests/new").param("revise", "CR-9999")).andExpect(status().isNotFound());
    }

    private Document render(MockHttpServletRequestBuilder request, int status) throws Exception {
        return Jsoup.parse(mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse()
                .getContentAsString());
    }

    /** A complete plan form; {@code overrides} are name, value pairs that replace fields. */
    private static MockHttpServletRequestBuilder filledPlan(String... overrides) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", "Recreate environment");
        fields.put("justification", "Drifted");
        fields.put("service", "cost-explorer");
        fields.put("environment", "production");
        fields.put("actions[0].operation", "RECREATE");
        fields.put("actions[0].resourceType", "environment");
        fields.put("actions[0].resource", "env-1");
        fields.put("actions[0].scope", "REGION");
        fields.put("actions[0].regions", "cn-north-1, eu-west-1");
        fields.put("_actions[0].reversible", "on");
        fields.put("actions[0].command", "stack delete env-1");
        fields.put("actions[0].rollbackPlan", "restore snapshot");
        for (int i = 0; i < overrides.length; i += 2) {
            fields.put(overrides[i], overrides[i + 1]);
        }
        MockHttpServletRequestBuilder request = post("/requests/new").with(csrf());
        fields.forEach(request::param);
        return request;
    }
}
