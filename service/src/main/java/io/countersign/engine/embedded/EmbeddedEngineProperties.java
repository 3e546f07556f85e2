package io.countersign.engine.embedded;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the embedded engine serves gRPC and keeps its log. Loopback by default: the engine has no authentication,
 * so exposing it is a deliberate choice.
 *
 * @param host the address the gRPC server binds to
 * @param port the gRPC port the Camunda client connects to
 * @param dataDir the directory of the engine's log; {@code application.properties} puts it under
 *     {@code countersign.data-dir}
 */
@Validated
@ConfigurationProperties("countersign.engine")
record EmbeddedEngineProperties(
        @DefaultValue("127.0.0.1") @NotBlank String host,
        @DefaultValue("26500") @Min(1) @Max(65535) int port,
        @DefaultValue("./data/engine") Path dataDir) {
}
