/*
 * What this machine's kernel charges for sending one datagram, before any forwarder does anything.
 * The forwarding benchmarks run on loopback, where a send also delivers; this one separates the
 * two. Every 100 ms it switches, in turn, between four ways of spending the sending thread's time,
 * so that all of them see the same machine (this VM's speed drifts within minutes):
 *
 *   idle      the loop alone: a short sleep per round, nothing sent (the baseline subtracted)
 *   syscall   one getppid() per round: the price of entering and leaving the kernel
 *   device    one sendmmsg() of 4 datagrams of 1,112 bytes per round, routed out of a veth
 *             interface whose queue drops every packet (pfifo, limit 0): socket, UDP, IP,
 *             routing and neighbour work up to the device, with nothing delivered. A network
 *             card's driver adds its own work on top, so this is a lower bound for a real send.
 *   loopback  the same sendmmsg() to sockets on 127.0.0.1 read by a thread on CPU 1, with receive
 *             processing steered there (RPS) as in `./rinjo bench media`
 *
 * The sender runs on CPU 0. Its CPU time (getrusage per thread) less the idle loop's, divided by
 * the datagrams sent, is the figure. Needs root; `./rinjo bench send-floor` creates the veth
 * pair (one end in its own network namespace), the drop queue and the steering, and removes
 * them afterwards.
 *
 * Build and run: gcc -O2 -pthread -o send_floor send_floor.c && ./send_floor [seconds] [device-ip]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD 1112
#define FANOUT 4                  /* one received packet's copies: the benchmarks' 4 subscribers */
#define RECEIVERS 240             /* 60 rooms of 4 subscribers */
#define SLOT_NS 100000000L
#define PAUSE_NS 20000L           /* between rounds, so the reader keeps up and nothing piles up */

enum mode { IDLE, SYSCALL, DEVICE, LOOPBACK, MODES };
static const char *names[MODES] = { "idle", "syscall", "device", "loopback" };

static int receivers[RECEIVERS];
static atomic_int stop;

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
}

static double thread_cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_THREAD, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void *drain(void *arg) {
    (void) arg;
    pin(1);
    char buf[2048];
    struct timespec pause = { 0, 100000 };
    while (!atomic_load(&stop)) {
        for (int i = 0; i < RECEIVERS; i++) {
            while (recv(receivers[i], buf, sizeof buf, MSG_DONTWAIT) > 0) {
            }
        }
        nanosleep(&pause, NULL);
    }
    return NULL;
}

int main(int argc, char **argv) {
    int seconds = argc > 1 ? atoi(argv[1]) : 20;
    const char *device_ip = argc > 2 ? argv[2] : "10.77.0.2";

    struct sockaddr_in to_loopback[RECEIVERS], to_device[RECEIVERS];
    for (int i = 0; i < RECEIVERS; i++) {
        receivers[i] = socket(AF_INET, SOCK_DGRAM, 0);
        int size = 1 << 20;
        setsockopt(receivers[i], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        socklen_t len = sizeof a;
        if (bind(receivers[i], (struct sockaddr *) &a, sizeof a) || getsockname(receivers[i], (struct sockaddr *) &a, &len)) {
            perror("receiver");
            return 1;
        }
        to_loopback[i] = a;
        to_device[i] = a;
        inet_pton(AF_INET, device_ip, &to_device[i].sin_addr);
    }
    pthread_t reader;
    pthread_create(&reader, NULL, drain, NULL);
    pin(0);

    int sender = socket(AF_INET, SOCK_DGRAM, 0);
    int size = 4 << 20;
    setsockopt(sender, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    static char payload[FANOUT][PAYLOAD];
    for (int j = 0; j < FANOUT; j++) {
        memset(payload[j], 0x5a + j, PAYLOAD);
    }
    struct iovec iov[FANOUT];
    struct mmsghdr msgs[FANOUT];

    double cpu[MODES] = { 0 };
    long rounds[MODES] = { 0 }, datagrams[MODES] = { 0 }, failed = 0;
    struct timespec pause = { 0, PAUSE_NS };
    long end = now_ns() + seconds * 1000000000L;
    int next = 0;
    for (int slot = 0; now_ns() < end || slot % MODES != 0; slot++) {
        enum mode m = (enum mode) (slot % MODES);
        double cpu0 = thread_cpu_seconds();
        long slot_end = now_ns() + SLOT_NS;
        while (now_ns() < slot_end) {
            if (m == SYSCALL) {
                syscall(SYS_getppid);
            } else if (m == DEVICE || m == LOOPBACK) {
                struct sockaddr_in *to = m == DEVICE ? to_device : to_loopback;
                for (int j = 0; j < FANOUT; j++) {
                    iov[j] = (struct iovec) { payload[j], PAYLOAD };
                    memset(&msgs[j], 0, sizeof msgs[j]);
                    msgs[j].msg_hdr.msg_name = &to[next];
                    msgs[j].msg_hdr.msg_namelen = sizeof to[next];
                    msgs[j].msg_hdr.msg_iov = &iov[j];
                    msgs[j].msg_hdr.msg_iovlen = 1;
                    next = (next + 1) % RECEIVERS;
                }
                int sent = sendmmsg(sender, msgs, FANOUT, 0);
                if (sent > 0) {
                    datagrams[m] += sent;
                } else {
                    failed++;
                }
            }
            rounds[m]++;
            nanosleep(&pause, NULL);
        }
        cpu[m] += thread_cpu_seconds() - cpu0;
    }
    atomic_store(&stop, 1);
    pthread_join(reader, NULL);

    double idle_per_round = cpu[IDLE] / rounds[IDLE];
    printf("kernel cost of sending on this machine (sender on CPU 0, %d s, modes interleaved every 100 ms)\n", seconds);
    printf("  the loop alone: %.2f us per round (subtracted below)\n", idle_per_round * 1e6);
    printf("  %-8s: %.3f us per system call (getppid)\n", names[SYSCALL],
           (cpu[SYSCALL] - idle_per_round * rounds[SYSCALL]) / rounds[SYSCALL] * 1e6);
    for (int m = DEVICE; m <= LOOPBACK; m++) {
        if (datagrams[m] == 0) {
            printf("  %-8s: nothing sent\n", names[m]);
            continue;
        }
        printf("  %-8s: %.2f us per %d-byte datagram (sendmmsg of %d; %ld datagrams)\n", names[m],
               (cpu[m] - idle_per_round * rounds[m]) / datagrams[m] * 1e6, PAYLOAD, FANOUT, datagrams[m]);
    }
    if (failed) {
        printf("  sendmmsg failed %ld times\n", failed);
    }
    return 0;
}
