package io.omnimargin.service.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain JSON over HTTP to one replica or another, from many threads. */
final class ClusterHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ClusterHttp() {}

  /** An answer: the status and the parsed body (a missing node when it is not JSON). */
  record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    Answer(int status, JsonNode body) {
      this(status, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    String text(String field) {
      return body.path(field).asText();
    }

    /** The replica that answered the request itself ({@code X-Omnimargin-Replica}). */
    String answeredBy() {
      return headers.firstValue(OwnerForwarding.ANSWERED_BY).orElse("");
    }
  }

  static Answer get(String base, String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  static Answer post(String base, String path, String json)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException notJson) {
      body = JSON.missingNode();
    }
    return new Answer(
        response.statusCode(), body == null ? JSON.missingNode() : body, response.headers());
  }
}
