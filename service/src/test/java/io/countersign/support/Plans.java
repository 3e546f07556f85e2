package io.countersign.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Change plans modelled on real incidents, as an agent would send them. */
public final class Plans {

    private Plans() {
    }

    public static Map<String, Object> plan(String requestedBy, String environment, Map<String, Object>... actions) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("title", "Plan for " + environment);
        plan.put("justification", "Proposed by the agent after an alert");
        plan.put("requestedBy", requestedBy);
        plan.put("agent", Map.of("id", "kiro-7", "name", "Kiro"));
        plan.put("service", "cost-explorer");
        plan.put("environment", environment);
        plan.put("actions", new ArrayList<>(List.of(actions)));
        return plan;
    }

    public static Map<String, Object> action(String operation, String scope, boolean reversible, String... regions) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("operation", operation);
        action.put("resourceType", "deployment");
        action.put("resource", "cost-explorer-api");
        action.put("scope", scope);
        action.put("regions", List.of(regions.length == 0 ? new String[] {"eu-west-1"} : regions));
        action.put("reversible", reversible);
        action.put("command", "tool " + operation.toLowerCase() + " cost-explorer-api");
        action.put("rollbackPlan", "restore from snapshot snap-2025-12-01");
        return action;
    }

    /** A restart in production: MEDIUM. */
    public static Map<String, Object> productionRestart(String requestedBy) {
        return plan(requestedBy, "production", action("RESTART", "RESOURCE", true));
    }

    /** An agent that wants to delete and recreate a production environment: CRITICAL. */
    public static Map<String, Object> recreateProductionEnvironment(String requestedBy) {
        Map<String, Object> recreate = action("RECREATE", "REGION", false, "cn-north-1");
        recreate.put("resourceType", "environment");
        recreate.put("resource", "cost-explorer-cn-north-1");
        return plan(requestedBy, "production", recreate);
    }

    /** A reversible update in staging: LOW. */
    public static Map<String, Object> stagingUpdate(String requestedBy) {
        return plan(requestedBy, "staging", action("UPDATE", "RESOURCE", true));
    }
}
