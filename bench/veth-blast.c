/*
 * veth-blast: sends UDP-in-Ethernet frames out of one interface through an AF_PACKET socket, in batches of
 * sendmmsg(2), at a given rate, for a given time. For bench/live-capture-vs-tcpdump.sh: run it on one end of a veth
 * pair; the capture runs on the other end.
 *
 *   veth-blast IFACE DST_MAC PPS SECONDS [FRAME_BYTES]     PPS 0: as fast as it can
 *
 * Prints "sent N packets in S seconds (R packets/s)" on stdout. Frames are FRAME_BYTES long (default 64, the
 * Ethernet minimum without FCS is 60) with an IPv4/UDP header to port 9000 (source
 * ports 1024-1087, one per frame of a batch) and the frame's sequence number (from 0, 8 bytes, host order) as
 * the first payload bytes, to find which packets a capture missed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_FRAME 1514

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void frame(uint8_t *f, int len, const uint8_t *dst, const uint8_t *src, uint32_t n) {
    memset(f, 0, len);
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    f[12] = 0x08;
    f[13] = 0x00;
    uint8_t *ip = f + 14;
    int ip_len = len - 14;
    ip[0] = 0x45;
    ip[2] = ip_len >> 8;
    ip[3] = ip_len & 0xff;
    ip[8] = 64;
    ip[9] = 17;
    uint8_t s[4] = {10, 215, 0, 2}, d[4] = {10, 215, 0, 1};
    memcpy(ip + 12, s, 4);
    memcpy(ip + 16, d, 4);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = ~sum >> 8;
    ip[11] = ~sum & 0xff;
    uint8_t *udp = ip + 20;
    uint16_t sport = 1024 + n % 60000;
    udp[0] = sport >> 8;
    udp[1] = sport & 0xff;
    udp[2] = 0x23;  /* port 9000 */
    udp[3] = 0x28;
    udp[4] = (ip_len - 20) >> 8;
    udp[5] = (ip_len - 20) & 0xff;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: veth-blast IFACE DST_MAC PPS SECONDS [FRAME_BYTES]\n");
        return 2;
    }
    const char *iface = argv[1];
    uint8_t dst[6];
    if (sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dst[0], &dst[1], &dst[2], &dst[3], &dst[4], &dst[5]) != 6) {
        fprintf(stderr, "veth-blast: bad MAC %s\n", argv[2]);
        return 2;
    }
    double pps = atof(argv[3]);
    double seconds = atof(argv[4]);
    int len = argc > 5 ? atoi(argv[5]) : 64;
    if (len < 50 || len > MAX_FRAME) {
        fprintf(stderr, "veth-blast: frame length must be 50 to %d\n", MAX_FRAME);
        return 2;
    }
    int fd = socket(AF_PACKET, SOCK_RAW, 0);  /* protocol 0: send only, receive nothing */
    if (fd < 0) {
        perror("veth-blast: socket");
        return 1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, iface, IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0 || ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
        perror("veth-blast: interface");
        return 1;
    }
    uint8_t src[6];
    ioctl(fd, SIOCGIFHWADDR, &ifr);
    memcpy(src, ifr.ifr_hwaddr.sa_data, 6);
    ioctl(fd, SIOCGIFINDEX, &ifr);
    struct sockaddr_ll to;
    memset(&to, 0, sizeof to);
    to.sll_family = AF_PACKET;
    to.sll_ifindex = ifr.ifr_ifindex;
    to.sll_halen = 6;
    memcpy(to.sll_addr, dst, 6);

    static uint8_t frames[BATCH][MAX_FRAME];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = frames[i];
        iov[i].iov_len = len;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &to;
        msgs[i].msg_hdr.msg_namelen = sizeof to;
    }
    for (int i = 0; i < BATCH; i++) frame(frames[i], len, dst, src, (uint32_t) i);
    uint64_t sent = 0;
    double start = now(), end = start + seconds;
    while (1) {
        double t = now();
        if (t >= end) break;
        if (pps > 0) {
            double due = start + sent / pps;  /* pace by batches: the rate holds on average over a few batches */
            if (due > t) {
                double wait = due - t;
                if (wait > 0.0002) {
                    struct timespec ts = {0, (long) ((wait - 0.0001) * 1e9)};
                    nanosleep(&ts, NULL);
                }
                continue;
            }
        }
        for (int i = 0; i < BATCH; i++) {  /* a sequence number in the payload, to find what a capture missed */
            uint64_t seq = sent + i;
            memcpy(frames[i] + 42, &seq, sizeof seq);
        }
        int n = sendmmsg(fd, msgs, BATCH, 0);
        if (n < 0) {
            if (errno == ENOBUFS || errno == EAGAIN) continue;
            perror("veth-blast: sendmmsg");
            return 1;
        }
        sent += n;
    }
    double took = now() - start;
    printf("sent %llu packets in %.3f seconds (%.0f packets/s)\n", (unsigned long long) sent, took, sent / took);
    return 0;
}
