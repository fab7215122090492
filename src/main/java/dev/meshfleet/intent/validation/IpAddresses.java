package dev.meshfleet.intent.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP addresses and CIDR blocks (IPv4 and IPv6) as Istio's validation reads them, without any name lookup. Pure. */
final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private IpAddresses() {
    }

    static boolean isIp(String s) {
        if (s == null) {
            return false;
        }
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            // a literal with ':' is parsed, never looked up
            return InetAddress.getByName(s).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An address or a CIDR block: {@code 10.0.0.1}, {@code 192.192.192.192/24}, {@code 2001:db8::/32}. */
    static boolean isIpOrCidr(String s) {
        if (s == null) {
            return false;
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            return isIp(s);
        }
        String ip = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (!isIp(ip) || !bits.matches("[0-9]{1,3}")) {
            return false;
        }
        int max = ip.contains(":") ? 128 : 32;
        return Integer.parseInt(bits) <= max;
    }
}
