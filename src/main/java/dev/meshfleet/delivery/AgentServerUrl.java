package dev.meshfleet.delivery;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The server URL written into an agent's install manifest: the configured one, else the URL the manifest was requested
 * at (what the admin's client reached, so usually what a cluster can reach too). A loopback URL is kept but flagged:
 * an agent in a cluster would dial its own pod. Pure.
 */
public record AgentServerUrl(String url, boolean loopback) {

    public static AgentServerUrl resolve(Optional<String> configured, URI requestBase) {
        String url = configured.filter(u -> !u.isBlank())
                .orElseGet(() -> requestBase.getScheme() + "://" + requestBase.getRawAuthority());
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return new AgentServerUrl(url, isLoopback(url));
    }

    /** By name only (no DNS lookup): localhost, *.localhost, 127.0.0.0/8, ::1, and the unspecified 0.0.0.0 and ::. */
    static boolean isLoopback(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.equals("localhost") || host.endsWith(".localhost") || host.matches("127(\\.\\d{1,3}){3}")
                || host.equals("0.0.0.0") || host.matches("(0{0,4}:){2,7}0{0,3}1?");
    }

    /** The manifest's comment when the URL will not work from a cluster. */
    public String warning() {
        return "WARNING: server-url " + url + " is a loopback address: an agent in a cluster cannot reach Meshfleet there. "
                + "Set meshfleet.agent.server-url (MESHFLEET_AGENT_SERVER_URL) to a URL the clusters can reach, or fetch "
                + "this manifest through that URL.";
    }
}
