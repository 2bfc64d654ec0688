package dev.backstop.dashboard;

import dev.backstop.core.ConfigException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A {@code --listen} value: {@code 127.0.0.1:8080}, {@code [::1]:8080}, {@code 0.0.0.0:8080}, {@code localhost:8080}. */
record ListenAddress(InetAddress address, int port) {

    static ListenAddress parse(String text) throws ConfigException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException("--listen " + text + ": expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("--listen " + text + ": the port must be a number from 0 to 65535");
        }
        try {
            return new ListenAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new ConfigException("--listen " + text + ": unknown address " + host);
        }
    }

    boolean loopback() {
        return address.isLoopbackAddress();
    }

    InetSocketAddress socket() {
        return new InetSocketAddress(address, port);
    }
}
