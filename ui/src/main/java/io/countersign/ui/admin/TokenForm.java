package io.countersign.ui.admin;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The create-token form as typed, so a refused form comes back filled in. */
public class TokenForm {

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 365;

    private String agentId = "";
    private String name = "";
    private String engineers = "";
    private String expiresInDays = String.valueOf(DEFAULT_DAYS);

    /** What the form can tell by itself, by field name; the service checks the values. */
    Map<String, String> problems() {
        Map<String, String> problems = new LinkedHashMap<>();
        if (agentId == null || agentId.isBlank()) {
            problems.put("agentId", "Name the agent this token is for.");
        }
        if (engineerList().isEmpty()) {
            problems.put("engineers", "Name at least one engineer the agent may act for.");
        }
        if (days() == null) {
            problems.put("expiresInDays", "Must be a whole number of days from 1 to " + MAX_DAYS + ".");
        }
        return problems;
    }

    /** Call only when {@link #problems()} is empty. */
    NewToken toNewToken() {
        return new NewToken(agentId.strip(), name == null || name.isBlank() ? null : name.strip(), engineerList(),
                Duration.ofDays(days()));
    }

    /** Commas, spaces or new lines between names, as people paste them. */
    List<String> engineerList() {
        return engineers == null ? List.of()
                : Arrays.stream(engineers.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private Integer days() {
        try {
            int days = Integer.parseInt(expiresInDays == null ? "" : expiresInDays.strip());
            return days >= 1 && days <= MAX_DAYS ? days : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public String getAgentId() {
        return agentId;
    }

    public void setAgentId(String agentId) {
        this.agentId = agentId;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getEngineers() {
        return engineers;
    }

    public void setEngineers(String engineers) {
        this.engineers = engineers;
    }

    public String getExpiresInDays() {
        return expiresInDays;
    }

    public void setExpiresInDays(String expiresInDays) {
        this.expiresInDays = expiresInDays;
    }
}
