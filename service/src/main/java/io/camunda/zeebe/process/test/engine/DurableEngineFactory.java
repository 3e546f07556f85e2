package io.camunda.zeebe.process.test.engine;

import io.camunda.search.clients.SearchClientsProxy;
import io.camunda.security.auth.BrokerRequestAuthorizationConverter;
import io.camunda.security.configuration.SecurityConfiguration;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.engine.Engine;
import io.camunda.zeebe.engine.EngineConfiguration;
import io.camunda.zeebe.engine.processing.EngineProcessors;
import io.camunda.zeebe.engine.processing.message.command.SubscriptionCommandSender;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.storage.LogStorage;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.camunda.zeebe.scheduler.ActorScheduler;
import io.camunda.zeebe.scheduler.clock.ControlledActorClock;
import io.camunda.zeebe.stream.impl.ControllableStreamClockImpl;
import io.camunda.zeebe.stream.impl.StreamProcessor;
import io.camunda.zeebe.util.FeatureFlags;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Assembles Zeebe's in-process engine around a log storage and a state database the caller owns, so the log can
 * outlive the process and the state can be one that stays fast as it grows.
 *
 * <p>This class sits in the process test engine's package only because the parts it wires (command writer, gRPC
 * gateway, response writer, job streamer, state monitor) are package-private there, and {@code EngineFactory}
 * hard-codes an in-memory log. Both jars are loaded by one class loader (also from the Spring Boot fat jar) and
 * the engine jar is not sealed, so package access works at run time. Keep it to the wiring; everything else
 * belongs in {@code io.countersign.engine}.
 */
public final class DurableEngineFactory {

    private static final int PARTITION_ID = 1;
    private static final int PARTITION_COUNT = 1;

    private DurableEngineFactory() {
    }

    /**
     * The engine and its stream processor, whose phase ({@code REPLAY} until the log is replayed, then
     * {@code PROCESSING}) tells the application when the engine can answer.
     */
    public record Assembled(ZeebeTestEngine engine, StreamProcessor processor) {
    }

    /**
     * Builds an engine that is not started yet. The caller opens {@code logStorage} before (the log stream reads
     * its end while being built) and closes it after {@link ZeebeTestEngine#stop()}, which closes {@code state}.
     * The state is empty or a restored snapshot: the stream processor replays the log after the last processed
     * position the state holds. Every gRPC call passes
     * {@code gatekeeper} before the gateway sees it, job streams included.
     */
    public static Assembled create(
            LogStorage logStorage,
            ZeebeDb<ZbColumnFamilies> state,
            InetSocketAddress grpcAddress,
            ServerInterceptor gatekeeper,
            ControlledActorClock clock) {
        ActorScheduler scheduler = ActorScheduler.newActorScheduler().setActorClock(clock).build();
        scheduler.start();
        LogStream logStream = LogStream.builder()
                .withPartitionId(PARTITION_ID)
                .withLogStorage(logStorage)
                .withClock(clock)
                .withMeterRegistry(new SimpleMeterRegistry())
                .build();

        CommandWriter commandWriter = new CommandWriter(logStream.newLogStreamWriter());
        CommandSender commandSender = new CommandSender(commandWriter);
        GatewayRequestStore requestStore = new GatewayRequestStore();
        InMemoryJobStreamer jobStreamer = new InMemoryJobStreamer(commandWriter);
        GrpcToLogStreamGateway gateway = new GrpcToLogStreamGateway(
                commandWriter, PARTITION_ID, PARTITION_COUNT, grpcAddress.getPort(), requestStore, jobStreamer);
        Server grpcServer = NettyServerBuilder.forAddress(grpcAddress)
                .addService(ServerInterceptors.intercept(gateway, gatekeeper))
                .build();
        GrpcResponseWriter responseWriter = new GrpcResponseWriter(gateway, requestStore, null);

        StreamProcessor streamProcessor =
                streamProcessor(logStream, state, scheduler, responseWriter, commandSender, jobStreamer, clock);

        // The monitor only accepts the in-memory storage type; hand it an unused one and feed it our commits.
        EngineStateMonitor stateMonitor = new EngineStateMonitor(new InMemoryLogStorage(), streamProcessor);
        logStorage.addCommitListener(stateMonitor);

        RecordStreamSourceImpl records = new RecordStreamSourceImpl(logStream.newLogStreamReader(), PARTITION_ID);
        return new Assembled(new InMemoryEngine(
                grpcServer, streamProcessor, gateway, state, logStream, scheduler, records, clock, stateMonitor),
                streamProcessor);
    }

    private static StreamProcessor streamProcessor(
            LogStream logStream,
            ZeebeDb<ZbColumnFamilies> state,
            ActorScheduler scheduler,
            GrpcResponseWriter responseWriter,
            CommandSender commandSender,
            InMemoryJobStreamer jobStreamer,
            ControlledActorClock clock) {
        SecurityConfiguration security = new SecurityConfiguration();
        security.getAuthorizations().setEnabled(false);
        Engine engine = new Engine(
                context -> EngineProcessors.createEngineProcessors(
                        context,
                        PARTITION_COUNT,
                        new SubscriptionCommandSender(context.getPartitionId(), commandSender),
                        commandSender,
                        FeatureFlags.createDefault(),
                        jobStreamer,
                        SearchClientsProxy.noop(),
                        new BrokerRequestAuthorizationConverter(security)),
                new EngineConfiguration(),
                security);
        return StreamProcessor.builder()
                .logStream(logStream)
                .zeebeDb(state)
                .commandResponseWriter(responseWriter)
                .partitionCommandSender(commandSender)
                .recordProcessors(List.of(engine))
                .actorSchedulingService(scheduler)
                .clock(new ControllableStreamClockImpl(clock))
                .meterRegistry(new SimpleMeterRegistry())
                .build();
    }
}
