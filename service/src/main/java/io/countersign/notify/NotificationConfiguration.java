package io.countersign.notify;

import io.countersign.common.DeliveryPending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Listeners of the event publication registry run after commit on their own threads ({@code @Async}, Spring Boot's
 * task executor), so a slow SMTP server or chat webhook never holds a decision's transaction or thread. A delivery
 * that will be retried was logged where it failed; anything else an async listener throws is an error.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class NotificationConfiguration implements AsyncConfigurer {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return (error, method, params) -> {
            if (error instanceof DeliveryPending) {
                log.debug("{} will be retried: {}", method.getName(), error.getMessage());
            } else {
                log.error("Unexpected exception in async listener {}", method, error);
            }
        };
    }
}
