package io.countersign.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real protocol peers notifications talk to, in the test JVM: an SMTP server (GreenMail) and one HTTP receiver
 * for chat webhooks and Slack's Web API ({@code users.info}). Started once, on ports {@link AppTest} hands the
 * application, and shared by every test that uses them.
 */
public final class NotifyPeers {

    public static final int SMTP_PORT = AppTest.freePort();
    public static final int HTTP_PORT = AppTest.freePort();
    public static final String HTTP_BASE = "http://127.0.0.1:" + HTTP_PORT;

    /** One request the receiver got. */
    public record Received(String path, String body, Map<String, List<String>> headers, int answered) {
    }

    /** A Slack user as users.info describes them. */
    public record SlackUser(String id, String email, boolean bot) {
    }

    private static GreenMail smtp;
    private static HttpServer http;
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final Map<String, SlackUser> SLACK_USERS = new ConcurrentHashMap<>();

    private NotifyPeers() {
    }

    public static String chatUrl(String group) {
        return HTTP_BASE + "/chat/" + group;
    }

    /** Starts both peers once; later calls return at once. */
    public static synchronized void start() {
        if (smtp != null) {
            return;
        }
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", HTTP_PORT), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/chat/", NotifyPeers::chat);
        http.createContext("/slack-api/users.info", NotifyPeers::usersInfo);
        http.start();
    }

    /** Makes the chat receiver answer 500 to the next {@code times} posts whose body contains {@code marker}. */
    public static void failNext(String marker, int times) {
        FAILURES.put(marker, new AtomicInteger(times));
    }

    public static void slackUser(String id, String email, boolean bot) {
        SLACK_USERS.put(id, new SlackUser(id, email, bot));
    }

    /** Chat posts whose body contains the text, in the order they arrived. */
    public static List<Received> chatPosts(String containing) {
        return RECEIVED.stream().filter(r -> r.path().startsWith("/chat/") && r.body().contains(containing)).toList();
    }

    /** Mail whose subject or body contains the text, as (recipient, subject, body) per recipient. */
    public static List<List<String>> mails(String containing) {
        List<List<String>> found = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                String subject = message.getSubject();
                String body = String.valueOf(message.getContent());
                if (subject.contains(containing) || body.contains(containing)) {
                    for (Address to : message.getAllRecipients()) {
                        found.add(List.of(to.toString(), subject, body));
                    }
                }
            } catch (MessagingException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private static void chat(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 200;
        for (var failure : FAILURES.entrySet()) {
            if (body.contains(failure.getKey()) && failure.getValue().getAndDecrement() > 0) {
                status = 500;
            }
        }
        RECEIVED.add(new Received(exchange.getRequestURI().getPath(), body, Map.copyOf(exchange.getRequestHeaders()),
                status));
        answer(exchange, status, status == 200 ? "ok" : "receiver down");
    }

    private static void usersInfo(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        String id = Arrays.stream(query.split("&")).filter(p -> p.startsWith("user=")).map(p -> p.substring(5))
                .findFirst().orElse("");
        SlackUser user = SLACK_USERS.get(id);
        boolean authorised = "Bearer xoxb-test".equals(exchange.getRequestHeaders().getFirst("Authorization"));
        String json = !authorised ? "{\"ok\":false,\"error\":\"not_authed\"}"
                : user == null ? "{\"ok\":false,\"error\":\"user_not_found\"}"
                : "{\"ok\":true,\"user\":{\"id\":\"" + user.id() + "\",\"is_bot\":" + user.bot()
                        + ",\"profile\":" + (user.email() == null ? "{}" : "{\"email\":\"" + user.email() + "\"}") + "}}";
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer(exchange, 200, json);
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
