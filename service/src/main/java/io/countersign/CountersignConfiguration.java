package io.countersign;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Application-wide infrastructure beans. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CountersignConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
