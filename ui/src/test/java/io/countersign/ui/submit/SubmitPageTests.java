package io.countersign.ui.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
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

        assertThat(page.select("#f-title-error").text()).isEqualTo("must not be blank");
        assertThat(page.select("#f-title").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("#f-actions-0-rollbackPlan-error").text())
                .isEqualTo("a rollback plan is required in production");
        assertThat(page.select(".error-summary a").eachAttr("href"))
                .containsExactly("#f-title", "#f-actions-0-rollbackPlan");
        assertThat(page.select("#f-actions-0-command").text()).isEqualTo("stack delete env-1");
    }

    @Test
    void anAcceptedPlanLeadsToItsRequestPage() throws Exception {
        mvc.perform(filledPlan()).andExpect(redirectedUrl("/requests/" + FixtureSubmissions.ACCEPTED_ID));

        PlanDraft draft = submissions.lastDraft();
        assertThat(draft.agentId()).isEqualTo("kiro-7");
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
        fields.put("agent.id", "kiro-7");
        fields.put("agent.name", "Kiro");
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
