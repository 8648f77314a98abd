package io.peerset.signal.mqtt;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One broker URL, parsed and checked: {@code mqtt://} or {@code tcp://} (TCP, port 1883),
 * {@code mqtts://}, {@code ssl://} or {@code tls://} (TLS, port 8883), {@code ws://} (port 80) and
 * {@code wss://} (port 443) with an optional path (WebSocket), optionally with
 * {@code user:password@} credentials, as mqtt.js accepts them.
 */
record BrokerAddress(URI uri, String host, int port, boolean tls, boolean webSocket, String path, String query,
                     String username, String password) {

    static final String EXPECTED = "an MQTT broker URL: mqtt://host:port, mqtts://host:port, ws://host:port/path"
            + " or wss://host:port/path (e.g. wss://broker.hivemq.com:8884/mqtt)";

    static BrokerAddress parse(URI uri) {
        if (uri == null) {
            throw new IllegalArgumentException("broker URL is null; expected " + EXPECTED);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls;
        boolean webSocket;
        int defaultPort;
        switch (scheme) {
            case "mqtt", "tcp" -> { tls = false; webSocket = false; defaultPort = 1883; }
            case "mqtts", "ssl", "tls" -> { tls = true; webSocket = false; defaultPort = 8883; }
            case "ws" -> { tls = false; webSocket = true; defaultPort = 80; }
            case "wss" -> { tls = true; webSocket = true; defaultPort = 443; }
            default -> throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in " + uri
                    + "; expected " + EXPECTED);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + uri + "; expected " + EXPECTED);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1..65535 in " + uri);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!webSocket && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("a path (" + path + ") only makes sense for ws:// and wss:// in "
                    + uri + "; expected " + EXPECTED);
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new BrokerAddress(uri, host, port, tls, webSocket, path, uri.getRawQuery(), username, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL without credentials, for logs. */
    String display() {
        return (webSocket ? (tls ? "wss" : "ws") : (tls ? "mqtts" : "mqtt")) + "://" + host + ":" + port
                + (webSocket ? path : "");
    }
}
