package io.countersign.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses the server never calls, and how a host name is read into addresses without being fooled by its
 * spelling. IPv4 is read as {@code inet_aton} reads it (what the C resolver does with {@code 0xa9fea9fe},
 * {@code 2852039166}, {@code 0251.0376.0251.0376} or {@code 169.254.43518}), and an IPv6 address that carries an IPv4
 * one ({@code ::169.254.169.254}, {@code ::ffff:169.254.169.254}, NAT64, 6to4) is judged by the IPv4 it carries too.
 */
public final class OutboundAddresses {

    /** Names that reach a cloud's instance metadata service from inside it. */
    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.com", "metadata.oraclecloud.com");
    /** Metadata services that are not link-local: AWS over IPv6, Alibaba, Oracle's older one. */
    private static final Set<String> METADATA_ADDRESSES = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200",
            "192.0.0.192");

    private OutboundAddresses() {
    }

    /**
     * The host read as a literal address in any of its spellings (brackets, inet_aton forms), or empty for a name
     * that has to be resolved. Never asks DNS.
     */
    public static Optional<InetAddress> literal(String host) {
        String h = strip(host);
        if (h.contains(":")) {
            try {
                return Optional.of(InetAddress.getByName(h)); // an IPv6 literal: parsed, not resolved
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return inetAton(h).map(OutboundAddresses::ipv4);
    }

    /** Why the host, by its name or its literal address, must not be called; empty if nothing is wrong with it. */
    public static Optional<String> refusalOfName(String host, boolean allowLoopback) {
        String h = strip(host);
        if (METADATA_NAMES.contains(h)) {
            return Optional.of(h + " is a cloud metadata service");
        }
        return literal(h).flatMap(address -> refusal(address, allowLoopback));
    }

    /** Why this address must not be called; empty if it may. */
    public static Optional<String> refusal(InetAddress address, boolean allowLoopback) {
        String own = judge(address, allowLoopback);
        if (own != null) {
            return Optional.of(address.getHostAddress() + " is " + own);
        }
        if (address instanceof Inet6Address v6 && !v6.isLoopbackAddress() && !v6.isAnyLocalAddress()) {
            Optional<InetAddress> carried = embeddedIpv4(v6.getAddress());
            if (carried.isPresent()) {
                String inner = judge(carried.get(), allowLoopback);
                if (inner != null) {
                    return Optional.of(address.getHostAddress() + " carries " + carried.get().getHostAddress()
                            + ", which is " + inner);
                }
            }
        }
        return Optional.empty();
    }

    /** Resolves the host once and refuses it if any address it resolves to is refused. */
    static InetAddress[] resolveChecked(String host, boolean allowLoopback) throws UnknownHostException {
        Optional<String> byName = refusalOfName(host, allowLoopback);
        if (byName.isPresent()) {
            throw new OutboundRefused(byName.get());
        }
        Optional<InetAddress> literal = literal(host);
        InetAddress[] addresses = literal.isPresent() ? new InetAddress[] {literal.get()}
                : InetAddress.getAllByName(strip(host));
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address, allowLoopback);
            if (refused.isPresent()) {
                throw new OutboundRefused(host + " resolves to " + refused.get());
            }
        }
        return addresses;
    }

    private static String judge(InetAddress address, boolean allowLoopback) {
        if (METADATA_ADDRESSES.contains(address.getHostAddress())
                || METADATA_ADDRESSES.contains(address.getHostAddress().replaceAll("%.*", ""))) {
            return "a cloud metadata service";
        }
        if (address.isAnyLocalAddress() || firstOctet(address) == 0) {
            return "a wildcard address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (cloud metadata lives there)";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address && (firstOctet(address) >= 240)) {
            return "a reserved or broadcast address";
        }
        if (address.isSiteLocalAddress() && address instanceof Inet6Address) {
            return "a deprecated site-local address";
        }
        if (address.isLoopbackAddress() && !allowLoopback) {
            return "a loopback address (countersign.outbound.allow-loopback is off)";
        }
        return null;
    }

    private static int firstOctet(InetAddress address) {
        return address instanceof Inet4Address ? address.getAddress()[0] & 0xff : -1;
    }

    /** The IPv4 address inside an IPv4-compatible, IPv4-mapped, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        boolean zeros80 = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        boolean compatible = zeros80 && b[10] == 0 && b[11] == 0;
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8]);
        if (compatible || mapped || nat64) {
            return Optional.of(ipv4(bytesToInt(b, 12)));
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return Optional.of(ipv4(bytesToInt(b, 2)));
        }
        return Optional.empty();
    }

    private static long bytesToInt(byte[] b, int from) {
        return ((b[from] & 0xffL) << 24) | ((b[from + 1] & 0xffL) << 16) | ((b[from + 2] & 0xffL) << 8)
                | (b[from + 3] & 0xffL);
    }

    /** IPv4 as inet_aton reads it: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
    static Optional<Long> inetAton(String host) {
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long result = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            result |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        int lastBits = 32 - 8 * (values.length - 1);
        if (last >= (1L << lastBits)) {
            return Optional.empty();
        }
        return Optional.of(result | last);
    }

    private static Optional<Long> number(String part) {
        try {
            if (part.isEmpty()) {
                return Optional.empty();
            }
            if (part.startsWith("0x") || part.startsWith("0X")) {
                String hex = part.substring(2);
                return hex.isEmpty() ? Optional.of(0L)
                        : hex.length() > 8 ? Optional.empty() : Optional.of(Long.parseLong(hex, 16));
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return part.length() > 12 ? Optional.empty() : Optional.of(Long.parseLong(part.substring(1), 8));
            }
            return part.length() > 10 ? Optional.empty() : Optional.of(Long.parseLong(part));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static InetAddress ipv4(long value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static String strip(String host) {
        String h = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        // A trailing dot names the same host ("metadata.google.internal." is fully qualified).
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
