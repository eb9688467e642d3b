package jp.rinjo.media.transport.udp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.LongAdder;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Sends the node's datagrams with one {@code sendmmsg(2)} per flush, straight from a native batch,
 * on the socket Netty reads from. Netty's own write path (a buffer and a packet object per datagram,
 * the outbound queue and its accounting, then the same system call) cost half a microsecond more
 * per forwarded packet, measured in place (README, Performance); this keeps one copy per datagram
 * and nothing else. Linux on a 64-bit
 * little-endian processor only ({@link #isSupported()}); elsewhere the node uses Netty's path.
 *
 * <p>The kernel's structures, x86-64 and aarch64 (LP64):
 * <pre>
 * struct mmsghdr (64 bytes)     struct msghdr (first 56 bytes)        struct iovec (16 bytes)
 *   0 msghdr msg_hdr              0 void*    msg_name                   0 void*  iov_base
 *  56 uint   msg_len              8 uint32   msg_namelen                8 size_t iov_len
 *  60 (padding)                  16 iovec*   msg_iov
 *                                24 size_t   msg_iovlen       sockaddr_in6 (28 bytes): family 10 (2, host order),
 *                                32 void*    msg_control        port (2, network order), flowinfo (4), address (16),
 *                                40 size_t   msg_controllen     scope id (4). sockaddr_in (16 bytes): family 2,
 *                                48 int      msg_flags          port, address (4), zeros (8).
 * </pre>
 *
 * <p>The batch is one direct buffer: {@value #CAPACITY} headers, then as many iovecs, addresses and
 * data slots, all their pointers written once. A datagram queued writes its address, length and
 * bytes. A full batch is flushed before the next datagram is queued.
 *
 * <p>UDP has no partial datagram: the kernel takes each whole or refuses it. A datagram refused
 * (e.g. an unreachable address) is counted and skipped, the rest still go; when the socket's send
 * buffer is full ({@code EAGAIN}) the rest of the batch is dropped and counted, as a network would
 * drop them: media is not worth sending late, and the receivers' NACKs and keyframe requests
 * recover what matters.
 */
final class SendmmsgSender implements DatagramSender {
    static final int CAPACITY = 64;
    static final int SLOT = 2048;
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int SOCKADDR = 32;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** Encoded destinations, direct-mapped by identity: a subscriber's address object lives as long as its endpoint. */
    private static final int ADDRESS_CACHE = 1024;

    private final int fd;
    private final boolean ipv6Socket;
    private final ByteBuffer batch;
    private final long base;
    private final int iovecs;
    private final int addresses;
    private final int data;
    private final InetSocketAddress[] cachedTo = new InetSocketAddress[ADDRESS_CACHE];
    private final byte[][] cachedSockaddr = new byte[ADDRESS_CACHE][];
    private final LongAdder refused;
    private int queued;

    private SendmmsgSender(int fd, boolean ipv6Socket, LongAdder refused) {
        this.fd = fd;
        this.refused = refused;
        this.ipv6Socket = ipv6Socket;
        this.iovecs = CAPACITY * MMSGHDR;
        this.addresses = iovecs + CAPACITY * IOVEC;
        this.data = addresses + CAPACITY * SOCKADDR;
        this.batch = ByteBuffer.allocateDirect(data + CAPACITY * SLOT).order(ByteOrder.LITTLE_ENDIAN);
        this.base = Pointer.nativeValue(Native.getDirectBufferPointer(batch));
        int nameLength = ipv6Socket ? 28 : 16;
        for (int i = 0; i < CAPACITY; i++) {
            int h = i * MMSGHDR;
            batch.putLong(h, base + addresses + (long) i * SOCKADDR);
            batch.putInt(h + 8, nameLength);
            batch.putLong(h + 16, base + iovecs + (long) i * IOVEC);
            batch.putLong(h + 24, 1);
            batch.putLong(iovecs + i * IOVEC, base + data + (long) i * SLOT);
        }
    }

    /** Whether this platform's structures are the ones laid out above and the C library can be bound. */
    static boolean isSupported() {
        return LibC.AVAILABLE;
    }

    /** A sender on the socket {@code fd}; null if its address family is neither IPv4 nor IPv6. */
    static SendmmsgSender onSocket(int fd, LongAdder refused) {
        ByteBuffer name = ByteBuffer.allocateDirect(128).order(ByteOrder.LITTLE_ENDIAN);
        name.putInt(120, 120);
        long p = Pointer.nativeValue(Native.getDirectBufferPointer(name));
        if (LibC.getsockname(fd, p, p + 120) != 0) {
            return null;
        }
        int family = name.getShort(0) & 0xFFFF;
        return family == AF_INET6 ? new SendmmsgSender(fd, true, refused) : family == AF_INET ? new SendmmsgSender(fd, false, refused) : null;
    }

    @Override
    public void send(InetSocketAddress to, byte[] buf, int off, int len) {
        if (len > SLOT) {
            refused.increment(); // no datagram of the node's is this large
            return;
        }
        byte[] sockaddr = sockaddr(to);
        if (sockaddr == null) {
            refused.increment();
            return;
        }
        if (queued == CAPACITY) {
            flush();
        }
        int i = queued++;
        batch.put(addresses + i * SOCKADDR, sockaddr, 0, sockaddr.length);
        batch.putLong(iovecs + i * IOVEC + 8, len);
        batch.put(data + i * SLOT, buf, off, len);
    }

    @Override
    public void flush() {
        int sent = 0;
        while (sent < queued) {
            int n = LibC.sendmmsg(fd, base + (long) sent * MMSGHDR, queued - sent, 0);
            if (n > 0) {
                sent += n;
                continue;
            }
            int errno = Native.getLastError();
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                refused.add(queued - sent); // the send buffer is full: what is left is dropped
                break;
            }
            refused.increment(); // this datagram was refused (its address): skip it, send the rest
            sent++;
        }
        queued = 0;
    }

    /** Forgets what is queued (the socket is gone). */
    void discard() {
        refused.add(queued);
        queued = 0;
    }

    private byte[] sockaddr(InetSocketAddress to) {
        int slot = System.identityHashCode(to) & (ADDRESS_CACHE - 1);
        if (cachedTo[slot] == to) {
            return cachedSockaddr[slot];
        }
        byte[] encoded = encode(to, ipv6Socket);
        if (encoded != null) {
            cachedTo[slot] = to;
            cachedSockaddr[slot] = encoded;
        }
        return encoded;
    }

    /** The kernel's socket address for {@code to}, as the socket's family wants it; null if it cannot reach it. */
    static byte[] encode(InetSocketAddress to, boolean ipv6Socket) {
        InetAddress address = to.getAddress();
        if (address == null) {
            return null; // unresolved: the node only sends to addresses it received from
        }
        int port = to.getPort();
        byte[] ip = address.getAddress();
        if (!ipv6Socket) {
            if (!(address instanceof Inet4Address)) {
                return null;
            }
            byte[] s = new byte[16];
            s[0] = AF_INET;
            s[2] = (byte) (port >> 8);
            s[3] = (byte) port;
            System.arraycopy(ip, 0, s, 4, 4);
            return s;
        }
        byte[] s = new byte[28];
        s[0] = AF_INET6;
        s[2] = (byte) (port >> 8);
        s[3] = (byte) port;
        if (address instanceof Inet4Address) {
            s[18] = (byte) 0xFF; // ::ffff:a.b.c.d, the IPv4-mapped form a dual-stack socket sends to
            s[19] = (byte) 0xFF;
            System.arraycopy(ip, 0, s, 20, 4);
        } else {
            System.arraycopy(ip, 0, s, 8, 16);
            int scope = ((Inet6Address) address).getScopeId();
            s[24] = (byte) scope;
            s[25] = (byte) (scope >> 8);
            s[26] = (byte) (scope >> 16);
            s[27] = (byte) (scope >> 24);
        }
        return s;
    }

    /** The two C functions, bound with JNA's direct mapping (no proxy, no reflection per call). */
    static final class LibC {
        static final boolean AVAILABLE = bind();

        static native int sendmmsg(int fd, long msgvec, int vlen, int flags);

        static native int getsockname(int fd, long addr, long addrlen);

        private static boolean bind() {
            String os = System.getProperty("os.name", "");
            String arch = System.getProperty("os.arch", "");
            if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                return false;
            }
            try {
                Native.register(LibC.class, "c");
                return true;
            } catch (Throwable e) { // LinkageError and kin: no JNA native part here (e.g. a noexec temp dir)
                return false;
            }
        }

        private LibC() {
        }
    }
}
