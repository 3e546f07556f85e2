# The Countersign service as a container; build the jar first with ./mvnw -DskipTests package
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 countersign
WORKDIR /app
COPY service/target/countersign.jar /app/countersign.jar
USER countersign
EXPOSE 8080
ENTRYPOINT ["java", "-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75", "-jar", "/app/countersign.jar"]
