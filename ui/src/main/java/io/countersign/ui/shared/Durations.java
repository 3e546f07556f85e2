package io.countersign.ui.shared;

import java.time.Duration;

/** Short, readable durations for SLA countdowns: "2d 3h", "1h 05m", "4m", "under a minute". */
public final class Durations {

    private Durations() {
    }

    public static String humanize(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return "under a minute";
        }
        long days = duration.toDays();
        if (days > 0) {
            return days + "d " + duration.toHoursPart() + "h";
        }
        long hours = duration.toHours();
        if (hours > 0) {
            return "%dh %02dm".formatted(hours, duration.toMinutesPart());
        }
        return minutes + "m";
    }
}
