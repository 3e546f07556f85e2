package io.countersign.engine.embedded;

import io.camunda.client.CamundaClient;
import io.camunda.client.CredentialsProvider;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Runs the engine inside the application unless the {@code camunda} profile points the client at a cluster.
 *
 * <p>The Camunda client beans are made to depend on the engine, so the engine is up before a client (and the job
 * workers it opens) exists, and Spring destroys the clients before it stops the engine.
 *
 * <p>The engine's gateway admits only calls with the engine credential. The starter builds its client with the one
 * {@link CredentialsProvider} bean there is (its own is conditional on none), so defining it here, for this profile
 * only, puts the credential on every call of the default setup and leaves the {@code camunda} profile's OAuth or
 * basic authentication alone.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!camunda")
class EmbeddedEngineConfiguration {

    static final String ENGINE_BEAN = "embeddedEngine";
    /** The deprecated Zeebe client the 8.8 starter still defines; referenced by name to avoid its type. */
    private static final String ZEEBE_CLIENT_BEAN = "zeebeClient";

    @Bean
    EngineCredential engineCredential(EmbeddedEngineProperties properties) {
        return EngineCredential.loadOrCreate(properties.credentialFile());
    }

    @Bean
    CredentialsProvider embeddedEngineCredentials(EngineCredential credential) {
        return new EngineCredentials(credential);
    }

    @Bean(name = ENGINE_BEAN, destroyMethod = "stop")
    EmbeddedEngine embeddedEngine(EmbeddedEngineProperties properties, EngineCredential credential) {
        return EmbeddedEngine.start(properties.dataDir(), properties.host(), properties.port(), credential,
                properties.snapshotPolicy());
    }

    @Bean
    static BeanFactoryPostProcessor camundaClientsDependOnEmbeddedEngine() {
        return beanFactory -> {
            Set<String> clients = new LinkedHashSet<>(
                    Arrays.asList(beanFactory.getBeanNamesForType(CamundaClient.class, true, false)));
            if (beanFactory.containsBeanDefinition(ZEEBE_CLIENT_BEAN)) {
                clients.add(ZEEBE_CLIENT_BEAN);
            }
            for (String client : clients) {
                dependOnEngine(beanFactory.getBeanDefinition(client));
            }
        };
    }

    private static void dependOnEngine(BeanDefinition client) {
        Set<String> dependsOn = new LinkedHashSet<>();
        if (client.getDependsOn() != null) {
            dependsOn.addAll(Arrays.asList(client.getDependsOn()));
        }
        dependsOn.add(ENGINE_BEAN);
        client.setDependsOn(dependsOn.toArray(String[]::new));
    }
}
