/*
 * The kernel's floor for forwarding on this machine, with no JVM: the same shape as
 * `./rinjo bench floor` (rooms of one publisher and N subscribers on loopback, 1,100-byte packets
 * at the publishers' rate, in frames as ForwardingLoad sends them), but the relay is a C loop of
 * recvmmsg and sendmmsg, with a plain memcpy per copy and no encryption. The copies of a read's
 * packets are queued and handed to the kernel together, as the node does (MediaEngine): once 32 are
 * queued or the read is over.
 * Its CPU time per forwarded packet is what any user-space forwarder pays here before doing
 * anything of its own. The relay runs on CPU 0, the synthetic peers on CPU 1; run as root, it also
 * measures with loopback receive processing steered to CPU 1 (RPS), as the Java benchmarks do.
 *
 * With a fifth argument `gcm` the relay also does the encryption SRTP requires, as the node does
 * with AEAD_AES_128_GCM (RFC 7714): the publishers encrypt, the relay authenticates and decrypts
 * each received packet with its room's key and encrypts each copy with its subscriber's own key
 * (a 16-byte tag appended), through OpenSSL's EVP interface (AES-NI and carry-less multiply where
 * the processor has them). No SRTP key derivation, replay window or rollover counter: those cost
 * the node more, not less. This is the floor for any forwarder that meets the encryption.
 *
 * Build and run: gcc -O2 -pthread -o relay_floor relay_floor.c -lcrypto
 *                && ./relay_floor [rooms] [subs] [seconds] [kbps] [plain|gcm] [fps=15, 0: packets evenly spread]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <openssl/evp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEADER 12
#define TAG 16
#define PAYLOAD 1112            /* a 12-byte RTP header and 1,100 bytes, as in the Java benchmarks */
#define BATCH 16
#define MAX_SUBS 16
#define QUEUE 64                /* room for one more packet's copies once FLUSH_AT are queued */
#define FLUSH_AT 32
#define RPS "/sys/class/net/lo/queues/rx-0/rps_cpus"

static int rooms = 60, subs = 4, seconds = 20, kbps = 1000, fps = 15;
static int relay_fd;
static struct sockaddr_in relay_addr;
static int *pub_fd;                 /* [rooms] */
static int *sub_fd;                 /* [rooms * subs] */
static struct sockaddr_in *sub_addr;
static unsigned short *room_of_port; /* publisher's port -> room + 1 */
static atomic_int stop, measuring;
static atomic_long forwarded, received, refused;
static int gcm;                           /* 1: decrypt each received packet, encrypt each copy */
static EVP_CIPHER_CTX **room_rx, **room_tx; /* [rooms]: the relay's and the publisher's context */
static EVP_CIPHER_CTX **sub_tx;           /* [rooms * subs] */
static struct rusage usage_at[2];

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static int bound_socket(struct sockaddr_in *out) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int big = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); exit(1); }
    socklen_t l = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &l);
    if (out) *out = a;
    return fd;
}

/* The nonce as RFC 7714 builds it: the salt XORed with the SSRC and the sequence number. */
static void nonce(unsigned char iv[12], const unsigned char *rtp) {
    static const unsigned char salt[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    memcpy(iv, salt, 12);
    for (int i = 0; i < 4; i++) iv[2 + i] ^= rtp[8 + i];
    iv[10] ^= rtp[2];
    iv[11] ^= rtp[3];
}

static EVP_CIPHER_CTX *gcm_context(int encrypt, int seed) {
    unsigned char key[16];
    for (int i = 0; i < 16; i++) key[i] = (unsigned char)(seed * 31 + i);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (!c || EVP_CipherInit_ex(c, EVP_aes_128_gcm(), NULL, key, NULL, encrypt) != 1) { fprintf(stderr, "EVP init\n"); exit(1); }
    return c;
}

/* Encrypts the payload after the 12-byte header in place and appends the tag; the new length. */
static int seal(EVP_CIPHER_CTX *c, unsigned char *p, int len) {
    unsigned char iv[12];
    int n;
    nonce(iv, p);
    EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
    EVP_EncryptUpdate(c, NULL, &n, p, HEADER);
    EVP_EncryptUpdate(c, p + HEADER, &n, p + HEADER, len - HEADER);
    EVP_EncryptFinal_ex(c, p + len, &n);
    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG, p + len);
    return len + TAG;
}

/* Checks the tag and decrypts in place; the plain length, or -1 for a packet that fails. */
static int open_packet(EVP_CIPHER_CTX *c, unsigned char *p, int len) {
    unsigned char iv[12];
    int n;
    if (len < HEADER + TAG) return -1;
    nonce(iv, p);
    EVP_DecryptInit_ex(c, NULL, NULL, NULL, iv);
    EVP_DecryptUpdate(c, NULL, &n, p, HEADER);
    EVP_DecryptUpdate(c, p + HEADER, &n, p + HEADER, len - HEADER - TAG);
    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG, p + len - TAG);
    return EVP_DecryptFinal_ex(c, p + len - TAG, &n) == 1 ? len - TAG : -1;
}

/* Hands the queued copies to the kernel; returns the new queue length (0). */
static int flush(struct mmsghdr *tx, int queued) {
    int sent = sendmmsg(relay_fd, tx, queued, 0);
    if (sent > 0) atomic_fetch_add(&forwarded, sent);
    return 0;
}

static void *relay(void *unused) {
    pin(0);
    static char in[BATCH][2048], out[QUEUE][2048];
    struct mmsghdr rx[BATCH], tx[QUEUE];
    struct iovec riov[BATCH], tiov[QUEUE];
    int queued = 0;
    struct sockaddr_in from[BATCH];
    for (int i = 0; i < BATCH; i++) {
        riov[i] = (struct iovec){in[i], sizeof in[i]};
        rx[i].msg_hdr = (struct msghdr){.msg_name = &from[i], .msg_namelen = sizeof from[i], .msg_iov = &riov[i], .msg_iovlen = 1};
    }
    int phase = 0;
    struct timeval wait = {0, 100 * 1000}; /* recvmmsg's own timeout is only checked after a datagram */
    setsockopt(relay_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    while (!atomic_load(&stop)) {
        int want = atomic_load(&measuring);
        if (want != phase) { /* 1: start of an interval, 0: its end */
            getrusage(RUSAGE_THREAD, &usage_at[want ? 0 : 1]);
            phase = want;
        }
        for (int i = 0; i < BATCH; i++) rx[i].msg_hdr.msg_namelen = sizeof from[i];
        int n = recvmmsg(relay_fd, rx, BATCH, MSG_WAITFORONE, NULL);
        for (int i = 0; i < n; i++) {
            int room = room_of_port[ntohs(from[i].sin_port)] - 1;
            if (room < 0) continue;
            int len = rx[i].msg_len;
            if (gcm && (len = open_packet(room_rx[room], (unsigned char *)in[i], len)) < 0) {
                atomic_fetch_add(&refused, 1);
                continue;
            }
            for (int s = 0; s < subs; s++) {
                char *o = out[queued];
                memcpy(o, in[i], len);
                int sent_len = gcm ? seal(sub_tx[room * subs + s], (unsigned char *)o, len) : len;
                tiov[queued] = (struct iovec){o, sent_len};
                tx[queued].msg_hdr = (struct msghdr){.msg_name = &sub_addr[room * subs + s], .msg_namelen = sizeof(struct sockaddr_in),
                                                     .msg_iov = &tiov[queued], .msg_iovlen = 1};
                queued++;
            }
            if (queued >= FLUSH_AT) queued = flush(tx, queued);
            atomic_fetch_add(&received, 1);
        }
        if (queued > 0) queued = flush(tx, queued);
    }
    return unused;
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* As ForwardingLoad: a frame's packets back to back at `fps`, or with fps 0 one packet at a time, evenly spread. */
static void *publishers(void *unused) {
    pin(1);
    int pps = kbps * 1000 / 8 / 1100;
    int frames = fps > 0 && fps < pps ? fps : pps;
    long interval = 1000000000L / frames, start = now_ns(), packet = 0;
    unsigned char b[PAYLOAD + TAG];
    for (long frame = 0; !atomic_load(&stop); frame++) {
        int in_frame = (int)((frame + 1) * pps / frames - frame * pps / frames);
        for (int i = 0; i < rooms; i++) {
            long at = start + frame * interval + interval * i / rooms, left = at - now_ns();
            if (left > 0) {
                struct timespec t = {left / 1000000000L, left % 1000000000L};
                nanosleep(&t, NULL);
            }
            for (int k = 0; k < in_frame; k++) {
                memset(b, 0x41, sizeof b);
                b[0] = 0x80;
                b[2] = (unsigned char)((packet + k) >> 8);
                b[3] = (unsigned char)(packet + k);
                b[11] = (unsigned char)i;
                int len = gcm ? seal(room_tx[i], b, PAYLOAD) : PAYLOAD;
                send(pub_fd[i], b, len, 0);
            }
        }
        packet += in_frame;
    }
    return unused;
}

static void *subscribers(void *unused) {
    pin(1);
    int ep = epoll_create1(0);
    for (int i = 0; i < rooms * subs; i++) {
        struct epoll_event e = {.events = EPOLLIN, .data.fd = sub_fd[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, sub_fd[i], &e);
    }
    struct epoll_event ev[64];
    char b[2048];
    while (!atomic_load(&stop)) {
        int n = epoll_wait(ep, ev, 64, 100);
        for (int i = 0; i < n; i++)
            while (recv(ev[i].data.fd, b, sizeof b, MSG_DONTWAIT) > 0) {}
    }
    return unused;
}

static double cpu_us(struct timeval tv) { return tv.tv_sec * 1e6 + tv.tv_usec; }

/* One interval: CPU µs per forwarded packet of the relay thread, total, user and kernel. */
static void measure(double *total, double *user, double *sys, long *fwd) {
    usleep(500 * 1000);
    long f0 = atomic_load(&forwarded);
    atomic_store(&measuring, 1);
    usleep((seconds + 3) / 4 * 1000 * 1000);
    atomic_store(&measuring, 0);
    long f = atomic_load(&forwarded) - f0;
    usleep(200 * 1000); /* the relay reads its usage at its next wake-up */
    double u = cpu_us(usage_at[1].ru_utime) - cpu_us(usage_at[0].ru_utime);
    double s = cpu_us(usage_at[1].ru_stime) - cpu_us(usage_at[0].ru_stime);
    *user += u; *sys += s; *total += u + s; *fwd += f;
}

static int steer(const char *mask, char *previous, size_t size) {
    FILE *f = fopen(RPS, "r");
    if (!f) return 0;
    if (previous && !fgets(previous, size, f)) previous[0] = 0;
    fclose(f);
    f = fopen(RPS, "w");
    if (!f) return 0;
    int ok = fputs(mask, f) >= 0;
    return fclose(f) == 0 && ok;
}

int main(int argc, char **argv) {
    if (argc > 1) rooms = atoi(argv[1]);
    if (argc > 2) subs = atoi(argv[2]);
    if (argc > 3) seconds = atoi(argv[3]);
    if (argc > 4) kbps = atoi(argv[4]);
    gcm = argc > 5 && strcmp(argv[5], "gcm") == 0;
    if (argc > 6) fps = atoi(argv[6]);
    if (subs > MAX_SUBS) subs = MAX_SUBS;
    relay_fd = bound_socket(&relay_addr);
    pub_fd = calloc(rooms, sizeof *pub_fd);
    sub_fd = calloc(rooms * subs, sizeof *sub_fd);
    sub_addr = calloc(rooms * subs, sizeof *sub_addr);
    room_of_port = calloc(65536, sizeof *room_of_port);
    for (int r = 0; r < rooms; r++) {
        struct sockaddr_in a;
        pub_fd[r] = bound_socket(&a);
        room_of_port[ntohs(a.sin_port)] = r + 1;
        connect(pub_fd[r], (struct sockaddr *)&relay_addr, sizeof relay_addr);
        for (int s = 0; s < subs; s++) sub_fd[r * subs + s] = bound_socket(&sub_addr[r * subs + s]);
    }
    room_rx = calloc(rooms, sizeof *room_rx);
    room_tx = calloc(rooms, sizeof *room_tx);
    sub_tx = calloc(rooms * subs, sizeof *sub_tx);
    if (gcm) {
        for (int r = 0; r < rooms; r++) {
            room_rx[r] = gcm_context(0, r);
            room_tx[r] = gcm_context(1, r);
            for (int s = 0; s < subs; s++) sub_tx[r * subs + s] = gcm_context(1, 1000 + r * subs + s);
        }
    }
    pthread_t t[3];
    pthread_create(&t[0], NULL, relay, NULL);
    pthread_create(&t[1], NULL, publishers, NULL);
    pthread_create(&t[2], NULL, subscribers, NULL);
    sleep(2);
    double total[2] = {0}, user[2] = {0}, sys[2] = {0};
    long fwd[2] = {0};
    char previous[64] = "";
    int steered = 0;
    for (int round = 0; round < 2; round++) {
        measure(&total[0], &user[0], &sys[0], &fwd[0]);
        if (steer("2", round == 0 ? previous : NULL, sizeof previous)) {
            steered = 1;
            measure(&total[1], &user[1], &sys[1], &fwd[1]);
            steer(previous, NULL, 0);
        }
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("%d rooms x (1 publisher -> %d subscribers), %d kbit/s each, %s; C relay (recvmmsg, memcpy, %ssendmmsg) on CPU 0\n",
           rooms, subs, kbps, fps > 0 ? "frames' packets back to back" : "packets evenly spread", gcm ? "AES-128-GCM decrypt per packet and encrypt per copy (OpenSSL), " : "");
    if (gcm && atomic_load(&refused) > 0) printf("packets that failed authentication: %ld (a bug: the run is void)\n", atomic_load(&refused));
    const char *name[2] = {"plain loopback", "receive path steered"};
    for (int m = 0; m < 1 + steered; m++)
        printf("%s: %.2f us per forwarded packet (%.2f user, %.2f kernel), %ld forwarded\n", name[m],
               total[m] / fwd[m], user[m] / fwd[m], sys[m] / fwd[m], fwd[m]);
    if (steered) {
        double s = total[1] / fwd[1], estimate = s + (total[0] / fwd[0] - s) / subs;
        printf("estimate for a real network (steered + receive path / %d): %.2f us per forwarded packet\n", subs, estimate);
    }
    return 0;
}
