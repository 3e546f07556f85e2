package io.countersign.ui.shared;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The ui's own helpers. Declared here rather than component-scanned so that a {@code @WebMvcTest} slice, which
 * keeps MVC configurers and drops plain components, gets them too.
 */
@Configuration(proxyBeanMethods = false)
class UiWebConfiguration implements WebMvcConfigurer {

    private final CurrentViewer currentViewer;

    UiWebConfiguration(ViewerResolver viewerResolver) {
        this.currentViewer = new CurrentViewer(viewerResolver);
    }

    @Bean
    CurrentViewer currentViewer() {
        return currentViewer;
    }

    @Bean
    UiClock uiClock(ObjectProvider<Clock> clock) {
        return new UiClock(clock);
    }

    /** Templates call it as {@code @uiFormat}. */
    @Bean
    UiFormat uiFormat() {
        return new UiFormat();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ViewerArgumentResolver(currentViewer));
    }
}
