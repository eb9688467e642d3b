package jp.rinjo.signaling.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** This machine's addresses: the LAN address phones reach it at, and all of them for the certificate. */
public final class NetworkAddresses {
    private NetworkAddresses() {
    }

    /** Up, non-loopback, non-virtual IPv4 addresses, site-local ones first. */
    public static List<InetAddress> lanIpv4() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback() || ni.isVirtual() || ni.getName().startsWith("docker")
                        || ni.getName().startsWith("veth") || ni.getName().startsWith("br-")) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        out.sort((a, b) -> Boolean.compare(!a.isSiteLocalAddress(), !b.isSiteLocalAddress()));
        return out;
    }

    public static Optional<InetAddress> primaryLan() {
        List<InetAddress> all = lanIpv4();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
