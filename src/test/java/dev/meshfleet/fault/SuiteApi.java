package dev.meshfleet.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suite's API client, through the load balancer, for a server that may lose a replica or its broker under any
 * request: a request that fails in transit (connection reset, 502/503 from HAProxy) is retried, and a write whose
 * answer was lost is judged by reading back, never by hope: an intent PUT committed if and only if the mesh's current
 * revision is the one after the revision it was sent against (the suite is the only writer).
 */
final class SuiteApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final String token;
    /** Writes that had to be judged by reading back, and retried requests. */
    int ambiguousWrites;
    int retries;

    SuiteApi(String token) {
        this.token = token;
    }

    /** Sends until it gets an answer that is not a transport failure; fails on any status other than expected. */
    JsonNode call(String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> response = send(method, url, body, null);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** Sends until it gets an answer that is not a transport failure; its status. */
    int status(String method, String url, String body) throws Exception {
        return send(method, url, body, null).statusCode();
    }

    /** The mesh's current intent revision (its ETag). */
    int currentRevision(String intentUrl) throws Exception {
        HttpResponse<String> response = send("GET", intentUrl, null, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET intent answered " + response.statusCode() + ": " + response.body());
        }
        return Integer.parseInt(response.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
    }

    /** PUTs the intent against revision {@code after}; returns the new revision, judging a lost answer by reading back. */
    int putIntent(String intentUrl, String yaml, int after) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = exchange("PUT", intentUrl, yaml, "\"" + after + "\"");
                if (response.statusCode() == 201) {
                    return JSON.readTree(response.body()).path("number").asInt();
                }
                if (response.statusCode() != 412 && response.statusCode() < 500) {
                    throw new IllegalStateException("PUT intent answered " + response.statusCode() + ": " + response.body());
                }
            } catch (IOException e) {
                // the answer was lost on the way: judged below
            }
            ambiguousWrites++;
            int current = currentRevision(intentUrl);
            if (current == after + 1) {
                return current; // it committed; the answer was lost
            }
            if (current != after) {
                throw new IllegalStateException("intent moved from " + after + " to " + current + " without the suite");
            }
            retries++;
        }
        throw new IllegalStateException("PUT intent kept failing for " + GIVE_UP);
    }

    private HttpResponse<String> send(String method, String url, String body, String ifMatch) throws Exception {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = exchange(method, url, body, ifMatch);
                if (response.statusCode() < 502 || System.nanoTime() > deadline) {
                    return response;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            retries++;
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> exchange(String method, String url, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", body != null && body.startsWith("{") ? "application/json" : "application/yaml");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
