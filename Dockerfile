# Build stage: the dependencies first, so that a change to the code alone reuses their layer
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY . .
RUN mvn -B -DskipTests package

# Run stage: a JRE only, not as root; the application's files belong to root, its user owns its data folder only
FROM eclipse-temurin:17-jre
# curl for the health check in docker-compose.yml
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system midwatch \
    && useradd --system --gid midwatch --home-dir /app --no-create-home midwatch \
    && mkdir -p /app/data \
    && chown midwatch:midwatch /app/data \
    && chmod 700 /app/data
WORKDIR /app
COPY --from=build /build/target/midwatch.jar /app/midwatch.jar
# a container is reachable from a network: never start on a generated password, always on a configured one
ENV MIDWATCH_ADMIN_REQUIRE_PASSWORD=true
USER midwatch
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/midwatch.jar"]
