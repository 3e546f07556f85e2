package io.countersign.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.countersign.security.CurrentActor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MCP server: the official MCP Java SDK's Streamable HTTP servlet transport at {@code /mcp}, behind the security
 * filter chain (see {@code SecurityConfiguration#mcp}), so every HTTP request is authenticated, rate limited and
 * authorised before the SDK reads it. The actor is taken from that request, never from the MCP session: each call is
 * judged as the caller who sent it. Tool calls run on the request's own thread ({@code immediateExecution}).
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfiguration {

    static final String ENDPOINT = "/mcp";
    static final String ACTOR = "countersign.actor";

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport(CurrentActor currentActor) {
        // The SDK keeps its own mapper for protocol messages: the API's strict one would refuse fields that later
        // protocol versions add. Tool arguments are read with the API's mapper (see McpTools).
        return HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .mcpEndpoint(ENDPOINT)
                .contextExtractor(request -> McpTransportContext.create(Map.of(ACTOR, currentActor.get(request))))
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider transport) {
        ServletRegistrationBean<HttpServletStreamableServerTransportProvider> servlet =
                new ServletRegistrationBean<>(transport, ENDPOINT);
        servlet.setAsyncSupported(true);
        servlet.setLoadOnStartup(1);
        return servlet;
    }

    @Bean(destroyMethod = "close")
    McpSyncServer mcpServer(HttpServletStreamableServerTransportProvider transport, McpTools tools) {
        return McpServer.sync(transport)
                .serverInfo("countersign", "0.1.0")
                .instructions("Countersign is the approval gate in front of production. Check a plan with check_policy, "
                        + "submit it with submit_change_plan, wait with await_decision, and run only a plan whose "
                        + "approval token you redeemed; report the outcome with report_execution.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                // Arguments are checked by the API's own Bean Validation, so refusals read as the API's problem details.
                .validateToolInputs(false)
                .immediateExecution(true)
                .requestTimeout(Duration.ofSeconds(90))
                .tools(tools.specifications())
                .build();
    }
}
