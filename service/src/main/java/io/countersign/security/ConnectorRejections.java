package io.countersign.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

/**
 * Addresses Tomcat refuses before the application sees them (a NUL, an encoded slash or backslash, bytes that are
 * not UTF-8): Tomcat's own error report would answer them with its HTML page even under {@code /api}. This report
 * answers a problem detail under {@code /api} and a plain Countersign page elsewhere. The signed-in person is not
 * known at that point (no filter has run), so that page carries no navigation; addresses the application does see
 * get the full error page ({@link RejectedAddresses}).
 */
@Configuration(proxyBeanMethods = false)
class ConnectorRejections {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorRejectionReport() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Report.class.getName());
            }
        });
    }

    /** Tomcat instantiates it by name, so it must be public with a public no-argument constructor. */
    public static class Report extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            String uri = request.getCoyoteRequest().requestURI().toString();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String reason = known == null ? "Error" : known.getReasonPhrase();
            boolean api = uri.equals("/api") || uri.startsWith("/api/");
            try {
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setContentType(api ? MediaType.APPLICATION_PROBLEM_JSON_VALUE : MediaType.TEXT_HTML_VALUE);
                Writer out = response.getReporter();
                if (out == null) {
                    return;
                }
                out.write(api ? problem(status, reason) : page(status, reason));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The client went away or the response was already on its way; there is nobody left to tell.
            }
        }

        private static String problem(int status, String reason) {
            return "{\"type\":\"about:blank\",\"title\":\"" + reason + "\",\"status\":" + status
                    + ",\"detail\":\"the address is malformed (an encoded slash, a NUL or invalid UTF-8)\"}";
        }

        private static String page(int status, String reason) {
            return """
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">\
                    <meta name="viewport" content="width=device-width, initial-scale=1">\
                    <title>%2$s · Countersign</title><link rel="stylesheet" href="/css/countersign.css"></head>\
                    <body><header class="site-header"><div class="site-header__inner"><a class="brand" href="/">\
                    <span class="brand__mark" aria-hidden="true">✓✓</span> Countersign</a></div></header>\
                    <main id="main" class="page"><div class="error-page"><p class="error-page__code">%1$d</p>\
                    <h1>%2$s</h1><p class="muted">Countersign could not read this address, so it did nothing with it.\
                     Check the link you followed.</p><p><a href="/" class="btn">Back to the start</a></p></div>\
                    </main></body></html>""".formatted(status, HtmlUtils.htmlEscape(reason));
        }
    }
}
