package io.countersign.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Countersign's JSON API, called with an agent token. Answers are JSON trees; problem details become words. */
final class Server {

    /** The longest the API holds a decision call open is 60 s; this leaves room for a loaded server. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String agentToken;

    Server(String baseUrl, String agentToken) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.agentToken = agentToken;
    }

    /** An answer: its status and body. */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }

        /** The problem detail's words: title, detail and each field's reason. */
        String problem() {
            StringBuilder words = new StringBuilder("HTTP " + status);
            if (body.hasNonNull("title")) {
                words.append(" ").append(body.get("title").asText());
            }
            if (body.hasNonNull("detail")) {
                words.append(": ").append(body.get("detail").asText());
            }
            for (JsonNode error : body.path("errors")) {
                words.append("; ").append(error.path("field").asText()).append(" ")
                        .append(error.path("reason").asText(error.path("message").asText()));
            }
            return words.toString();
        }
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer post(String path, String jsonBody) {
        return post(path, jsonBody, Map.of());
    }

    Answer post(String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        headers.forEach(request::header);
        return send(request);
    }

    Answer post(String path, Object body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + agentToken);
    }

    private Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw Stop.serverTrouble("cannot reach " + built.uri() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Stop.serverTrouble("interrupted while calling " + built.uri(), e);
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw Stop.serverTrouble(built.uri() + " answered HTTP " + response.statusCode() + " with no JSON", e);
        }
        if (response.statusCode() == 401) {
            throw Stop.badInput("the server refused the agent token (HTTP 401): check COUNTERSIGN_TOKEN", null);
        }
        return new Answer(response.statusCode(), body);
    }
}
