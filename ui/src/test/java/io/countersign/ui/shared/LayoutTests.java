package io.countersign.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureViewers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

@UiSliceTest
class LayoutTests {

    @Autowired
    MockMvc mvc;

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void headerNamesTheViewerAndTheirRolesAndSignsOutByPostWithCsrf() throws Exception {
        Document page = page("/requests/CR-1042");

        assertThat(page.select(".who__name").text()).isEqualTo("Ann Approver");
        assertThat(page.select(".who__roles .role").eachText()).containsExactly("Approver");
        assertThat(page.select("form.who__logout").attr("method")).isEqualTo("post");
        assertThat(page.select("form.who__logout").attr("action")).isEqualTo("/logout");
        assertThat(page.select("form.who__logout input[name=_csrf]").val()).isNotBlank();
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void everyPageHasALanguageAndASkipLinkToTheMainContent() throws Exception {
        Document page = page("/");

        assertThat(page.select("html").attr("lang")).isEqualTo("en");
        assertThat(page.select("a.skip-link").attr("href")).isEqualTo("#main");
        assertThat(page.select("main#main")).hasSize(1);
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void auditAndAdminAreNotOfferedToAnApprover() throws Exception {
        assertThat(page("/").select("nav.site-nav a").eachText()).containsExactly("Inbox");
    }

    @Test
    @WithMockUser(FixtureViewers.AUDITOR)
    void anAuditorIsOfferedAuditButNotAdmin() throws Exception {
        assertThat(page("/requests/CR-1042").select("nav.site-nav a").eachText()).containsExactly("Audit");
    }

    @Test
    @WithMockUser(FixtureViewers.ADMIN)
    void anAdminIsOfferedAuditAndAdmin() throws Exception {
        assertThat(page("/requests/CR-1042").select("nav.site-nav a").eachAttr("href"))
                .containsExactly("/audit", "/admin");
    }

    @Test
    @WithAnonymousUser
    void theLoginPagePostsUsernameAndPasswordWithCsrfAndShowsNoNavigation() throws Exception {
        Document page = page("/login?error");

        assertThat(page.select("form").attr("action")).isEqualTo("/login");
        assertThat(page.select("form input").eachAttr("name")).contains("username", "password", "_csrf");
        assertThat(page.select("label[for=username]")).hasSize(1);
        assertThat(page.select("[role=alert]").text()).isEqualTo("Wrong username or password.");
        assertThat(page.select("nav.site-nav")).isEmpty();
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
