package io.countersign.ui.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.countersign.ui.UiSliceTest;
import io.countersign.ui.fixtures.FixtureFreezeWindows;
import io.countersign.ui.fixtures.FixtureViewers;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.web.servlet.MockMvc;

/** The Admin page's change-freeze section: list, add (refusals inline), delete behind a confirmation. */
@UiSliceTest
@WithMockUser(FixtureViewers.ADMIN)
class FreezeWindowsAdminPageTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    FixtureFreezeWindows windows;

    @AfterEach
    void reset() {
        windows.reset();
    }

    @Test
    void addingAWindowListsItAndARefusalNamesTheFieldAndKeepsWhatWasTyped() throws Exception {
        mvc.perform(post("/admin/freeze-windows").with(csrf()).param("name", " ").param("reason", "Launch"))
                .andExpect(redirectedUrl("/admin#new-freeze-window"))
                .andExpect(flash().attribute("freezeProblems", Map.of("name", "must not be blank")));
        mvc.perform(post("/admin/freeze-windows").with(csrf()).param("name", "weekend").param("reason", "Quiet")
                        .param("kind", "recurring").param("rrule", "FREQ=WEEKLY;BYDAY=FR")
                        .param("timeZone", "Europe/Berlin").param("environments", "production"))
                .andExpect(redirectedUrl("/admin#freeze-windows"));

        Document page = admin();

        assertThat(page.select("tr.freeze-window[data-name=weekend]").text())
                .contains("weekend", "FREQ=WEEKLY;BYDAY=FR", "Europe/Berlin", "production");
        assertThat(page.select("#new-freeze-window input[name=_csrf]")).hasSize(1);
        assertThat(page.select("#confirm-delete-freeze-weekend").text()).isEqualTo("Yes, delete weekend");
    }

    @Test
    void deletingRemovesTheWindowAndAnUnknownOneIsSaidSo() throws Exception {
        String id = windows.create(null, form("launch")).id();

        mvc.perform(post("/admin/freeze-windows/" + id + "/delete").with(csrf()))
                .andExpect(flash().attribute("notice", "Deleted the freeze window launch."));
        mvc.perform(post("/admin/freeze-windows/" + id + "/delete").with(csrf()))
                .andExpect(flash().attribute("problem", "There is no freeze window " + id + "."));

        assertThat(admin().select("tr.freeze-window")).isEmpty();
    }

    @Test
    @WithMockUser(FixtureViewers.APPROVER)
    void onlyAdminsChangeTheCalendar() throws Exception {
        mvc.perform(post("/admin/freeze-windows").with(csrf()).param("name", "x"))
                .andExpect(status().isForbidden());

        assertThat(windows.windows(null)).isEmpty();
    }

    private static FreezeWindowForm form(String name) {
        FreezeWindowForm form = new FreezeWindowForm();
        form.setName(name);
        form.setReason("Launch");
        return form;
    }

    private Document admin() throws Exception {
        return Jsoup.parse(mvc.perform(get("/admin")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
