package io.countersign.ui;

import io.countersign.ui.fixtures.FixtureConfiguration;
import io.countersign.ui.fixtures.FixtureSecurityConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The ui on in-memory fixtures: the configuration the MockMvc slice tests find, and a runnable app for looking at
 * the pages ({@code --spring.profiles.active=screenshots}, then open {@code /?as=ann}).
 */
@SpringBootApplication
@Import({FixtureConfiguration.class, FixtureSecurityConfiguration.class})
public class UiTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(UiTestApplication.class, args);
    }
}
