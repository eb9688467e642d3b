package jp.rinjo.media.transport.udp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p><b>Segmentation offload (UDP GSO, {@code UDP_SEGMENT}, Linux 4.18+).</b> A browser sends a video frame's
 * packets within a fraction of a millisecond, mostly of one size (libwebrtc splits a frame about equally);
 * when several arrive in one read (a burst, or a busy node), a flush holds several copies for each
 * subscriber. Copies to one address that follow each other
 * with one size (the last of a run may be shorter) go as one message of several segments: the kernel
 * walks its socket, routing and IP work once for the run and cuts it into the same datagrams just
 * before the device, or the network card does. A copy longer than the run's segments, or one for an
 * address that has a later run, starts a new run, so each subscriber still gets its datagrams in the order
 * they were queued; copies to different addresses may leave in another order, which UDP never promised.
 * A socket that does not know the option (a kernel before 4.18) is never sent segments; where the
 * kernel refuses a run ({@code EINVAL}, {@code EIO}: a path MTU below the segment, no checksum offload)
 * the sender stops segmenting and sends the rest one datagram per message; {@code -Drinjo.media.gso=false}
 * never uses it.
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

    /** {@code -Drinjo.media.gso=false}: one datagram per message, no segmentation offload. */
    public static final String GSO_PROPERTY = "rinjo.media.gso";
    private static final Logger log = LoggerFactory.getLogger(SendmmsgSender.class);
    /** Segments of a run: the kernel's UDP_MAX_SEGMENTS (64 before Linux 6.x, 128 since). */
    static final int MAX_SEGMENTS = 64;
    /** A run's segments stay under any Ethernet path's MTU with IPv6 and UDP headers (the kernel refuses larger). */
    static final int MAX_SEGMENT = 1400;
    /** What one run may carry in all: under a UDP datagram's 65,507 bytes. */
    private static final int MAX_RUN_BYTES = 60_000;
    private static final int CMSG = 24; // CMSG_SPACE(sizeof(uint16_t))
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int EIO = 5;
    private static final int EINVAL = 22;
    private static final int EMSGSIZE = 90;
    private static final int ENOPROTOOPT = 92;
    private static final int EOPNOTSUPP = 95;

    private final int fd;
    private final boolean ipv6Socket;
    private final ByteBuffer batch;
    private final long base;
    private final int iovecs;
    private final int addresses;
    private final int data;
    private final int controls;
    private boolean gso;
    /** Per queued slot: where it goes and its length; per run (message): its slots, chained through {@link #next}. */
    private final InetSocketAddress[] slotTo = new InetSocketAddress[CAPACITY];
    private final int[] slotLength = new int[CAPACITY];
    private final int[] next = new int[CAPACITY];
    private final int[] pending = new int[CAPACITY];
    private final InetSocketAddress[] runTo = new InetSocketAddress[CAPACITY];
    private final int[] runHead = new int[CAPACITY];
    private final int[] runTail = new int[CAPACITY];
    private final int[] runSegment = new int[CAPACITY];
    private final int[] runCount = new int[CAPACITY];
    private final int[] runBytes = new int[CAPACITY];
    private final boolean[] runOpen = new boolean[CAPACITY];
    private int runs;
    private final InetSocketAddress[] cachedTo = new InetSocketAddress[ADDRESS_CACHE];
    private final byte[][] cachedSockaddr = new byte[ADDRESS_CACHE][];
    private final LongAdder refused;
    private final LongAdder messages;
    private int queued;

    private SendmmsgSender(int fd, boolean ipv6Socket, LongAdder refused, LongAdder messages, boolean gso) {
        this.fd = fd;
        this.refused = refused;
        this.messages = messages;
        this.ipv6Socket = ipv6Socket;
        this.gso = gso;
        this.iovecs = CAPACITY * MMSGHDR;
        this.addresses = iovecs + CAPACITY * IOVEC;
        this.controls = addresses + CAPACITY * SOCKADDR;
        this.data = controls + CAPACITY * CMSG;
        this.batch = ByteBuffer.allocateDirect(data + CAPACITY * SLOT).order(ByteOrder.LITTLE_ENDIAN);
        this.base = Pointer.nativeValue(Native.getDirectBufferPointer(batch));
        int nameLength = ipv6Socket ? 28 : 16;
        for (int i = 0; i < CAPACITY; i++) {
            batch.putInt(i * MMSGHDR + 8, nameLength);
            int c = controls + i * CMSG;
            batch.putLong(c, 18); // CMSG_LEN(2)
            batch.putInt(c + 8, SOL_UDP);
            batch.putInt(c + 12, UDP_SEGMENT);
        }
    }

    /** Whether this platform's structures are the ones laid out above and the C library can be bound. */
    static boolean isSupported() {
        return LibC.AVAILABLE;
    }

    /**
     * A sender on the socket {@code fd}, adding to {@code messages} each message handed to the kernel (a
     * run of several segments is one); null if the socket's address family is neither IPv4 nor IPv6.
     */
    static SendmmsgSender onSocket(int fd, LongAdder refused, LongAdder messages) {
        ByteBuffer name = ByteBuffer.allocateDirect(128).order(ByteOrder.LITTLE_ENDIAN);
        name.putInt(120, 120);
        long p = Pointer.nativeValue(Native.getDirectBufferPointer(name));
        if (LibC.getsockname(fd, p, p + 120) != 0) {
            return null;
        }
        int family = name.getShort(0) & 0xFFFF;
        // A kernel before 4.18 would not refuse the UDP_SEGMENT control message but ignore it and send a
        // run as one long datagram: use it only where the socket knows the option.
        name.putInt(120, 4); // the option's length: an int
        boolean gso = !"false".equalsIgnoreCase(System.getProperty(GSO_PROPERTY))
                && LibC.getsockopt(fd, SOL_UDP, UDP_SEGMENT, p, p + 120) == 0;
        return family == AF_INET6 ? new SendmmsgSender(fd, true, refused, messages, gso)
                : family == AF_INET ? new SendmmsgSender(fd, false, refused, messages, gso) : null;
    }

    /** Whether runs to one address still go as one message (the kernel has not refused it). */
    boolean segmenting() {
        return gso;
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
        slotTo[i] = to;
        slotLength[i] = len;
        batch.put(addresses + i * SOCKADDR, sockaddr, 0, sockaddr.length);
        batch.put(data + i * SLOT, buf, off, len);
    }

    @Override
    public void flush() {
        if (queued == 0) {
            return;
        }
        for (int i = 0; i < queued; i++) {
            pending[i] = i;
        }
        int failed = sendAll(gso, queued);
        if (failed >= 0) {
            // a run the kernel would not take: the rest go one datagram per message
            int count = 0;
            for (int r = failed; r < runs; r++) {
                for (int slot = runHead[r]; slot >= 0; slot = next[slot]) {
                    pending[count++] = slot;
                }
            }
            sendAll(false, count);
        }
        Arrays.fill(slotTo, 0, queued, null);
        queued = 0;
    }

    /**
     * Sends the {@code count} slots in {@link #pending}, as runs when {@code segment}.
     *
     * @return the first run of several segments the kernel refused (the ones before it went), or -1
     */
    private int sendAll(boolean segment, int count) {
        planRuns(segment, count);
        writeMessages();
        int sent = 0;
        while (sent < runs) {
            int n = LibC.sendmmsg(fd, base + (long) sent * MMSGHDR, runs - sent, 0);
            if (n > 0) {
                sent += n;
                messages.add(n);
                continue;
            }
            int errno = Native.getLastError();
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN) {
                for (int r = sent; r < runs; r++) {
                    refused.add(runCount[r]); // the send buffer is full: what is left is dropped
                }
                break;
            }
            if (runCount[sent] > 1) {
                if (errno == EINVAL || errno == EIO || errno == EMSGSIZE || errno == ENOPROTOOPT || errno == EOPNOTSUPP) {
                    gso = false;
                    log.warn("the kernel refused UDP segmentation offload (errno {}): the media node sends one datagram per"
                            + " message from now on", errno);
                }
                return sent; // sent again one by one, so that only the datagram at fault is counted
            }
            refused.increment(); // this datagram was refused (its address): skip it, send the rest
            sent++;
        }
        return -1;
    }

    /** Groups the pending slots into runs (one per slot unless {@code segment}), in the order of their first slot. */
    private void planRuns(boolean segment, int count) {
        runs = 0;
        for (int p = 0; p < count; p++) {
            int slot = pending[p];
            InetSocketAddress to = slotTo[slot];
            int len = slotLength[slot];
            int r = -1;
            if (segment) {
                for (int k = runs - 1; k >= 0; k--) {
                    if (runTo[k] == to) { // only the address's latest run: joining an older one would reorder
                        r = k;
                        break;
                    }
                }
                if (r >= 0 && !(runOpen[r] && len <= runSegment[r] && runCount[r] < MAX_SEGMENTS
                        && runBytes[r] + len <= MAX_RUN_BYTES)) {
                    r = -1;
                }
            }
            if (r < 0) {
                r = runs++;
                runTo[r] = to;
                runHead[r] = slot;
                runSegment[r] = len;
                runCount[r] = 0;
                runBytes[r] = 0;
                runOpen[r] = len <= MAX_SEGMENT;
            } else {
                next[runTail[r]] = slot;
            }
            next[slot] = -1;
            runTail[r] = slot;
            runCount[r]++;
            runBytes[r] += len;
            if (len < runSegment[r]) {
                runOpen[r] = false; // a shorter segment ends a run
            }
        }
    }

    /** One message per run: the address of its first slot, its slots' bytes in order, and its segment size. */
    private void writeMessages() {
        int iov = 0;
        for (int r = 0; r < runs; r++) {
            int h = r * MMSGHDR;
            batch.putLong(h, base + addresses + (long) runHead[r] * SOCKADDR);
            batch.putLong(h + 16, base + iovecs + (long) iov * IOVEC);
            batch.putLong(h + 24, runCount[r]);
            if (runCount[r] > 1) {
                int c = controls + r * CMSG;
                batch.putShort(c + 16, (short) runSegment[r]);
                batch.putLong(h + 32, base + c);
                batch.putLong(h + 40, CMSG);
            } else {
                batch.putLong(h + 32, 0);
                batch.putLong(h + 40, 0);
            }
            for (int slot = runHead[r]; slot >= 0; slot = next[slot]) {
                batch.putLong(iovecs + iov * IOVEC, base + data + (long) slot * SLOT);
                batch.putLong(iovecs + iov * IOVEC + 8, slotLength[slot]);
                iov++;
            }
        }
    }

    /** Forgets what is queued (the socket is gone). */
    void discard() {
        refused.add(queued);
        Arrays.fill(slotTo, 0, queued, null);
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

        static native int getsockopt(int fd, int level, int name, long value, long length);

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
