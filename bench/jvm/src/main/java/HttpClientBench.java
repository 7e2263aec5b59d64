import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JVM yardstick of bench/run.sh: java.net.http.HttpClient (HTTP/1.1, one kept-alive
 * connection) posting the same JSON body as the other clients and checking the errcode, as
 * bench/curl_send.sh does. Warm-up messages first (the JIT), then N timed ones; prints one JSON
 * object (BenchJvm's fields).
 *
 *   java -cp … HttpClientBench BASE_URL KEY N WARMUP
 */
public final class HttpClientBench {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int n = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        URI uri = URI.create(base + "/cgi-bin/webhook/send?key=" + key);
        for (int i = 0; i < warmup; i++) {
            send(client, uri, "warm-up " + i);
        }
        BenchJvm.Clock clock = BenchJvm.start();
        for (int i = 0; i < n; i++) {
            send(client, uri, "benchmark message " + i);
        }
        System.out.println(clock.stop(n, warmup));
    }

    private static void send(HttpClient client, URI uri, String content) throws Exception {
        // The content is ASCII without quotes or backslashes: nothing to escape.
        String body = "{\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !answer.body().contains("\"errcode\":0,")) {
            throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + answer.body());
        }
    }
}
