package io.countersign.ui.admin;

/**
 * The admin page's "new freeze window" form, as typed: {@code kind} is {@code one-off} (startsAt, endsAt) or
 * {@code recurring} (rrule, firstStart, duration); the lists are comma-separated. The service validates it.
 * Serializable because a refused form goes back to the page as a flash attribute, kept in the (JDBC) session.
 */
public class FreezeWindowForm implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private String name = "";
    private String reason = "";
    private String kind = "one-off";
    private String startsAt = "";
    private String endsAt = "";
    private String rrule = "";
    private String firstStart = "";
    private String duration = "";
    private String timeZone = "UTC";
    private String environments = "production";
    private String services = "";
    private String regions = "";

    public boolean recurring() {
        return "recurring".equals(kind);
    }

    public String getName() { return name; }
    public void setName(String value) { name = value; }
    public String getReason() { return reason; }
    public void setReason(String value) { reason = value; }
    public String getKind() { return kind; }
    public void setKind(String value) { kind = value; }
    public String getStartsAt() { return startsAt; }
    public void setStartsAt(String value) { startsAt = value; }
    public String getEndsAt() { return endsAt; }
    public void setEndsAt(String value) { endsAt = value; }
    public String getRrule() { return rrule; }
    public void setRrule(String value) { rrule = value; }
    public String getFirstStart() { return firstStart; }
    public void setFirstStart(String value) { firstStart = value; }
    public String getDuration() { return duration; }
    public void setDuration(String value) { duration = value; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String value) { timeZone = value; }
    public String getEnvironments() { return environments; }
    public void setEnvironments(String value) { environments = value; }
    public String getServices() { return services; }
    public void setServices(String value) { services = value; }
    public String getRegions() { return regions; }
    public void setRegions(String value) { regions = value; }
}
