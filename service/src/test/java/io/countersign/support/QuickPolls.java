package io.countersign.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Awaitility's defaults for every test of this module, set once when the test run starts. By default the first
 * check of a condition waits one poll interval (100 ms), even when the condition already holds; hundreds of waits
 * (a task in the inbox, a status) each paid it. Now the first check runs at once and later ones every 50 ms. A
 * wait that sets its own delay or interval keeps them; what each wait asserts is unchanged.
 */
public final class QuickPolls implements LauncherSessionListener {

    static final Duration FIRST_CHECK = Duration.ZERO;
    static final Duration INTERVAL = Duration.ofMillis(50);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(FIRST_CHECK);
        Awaitility.setDefaultPollInterval(INTERVAL);
    }
}
