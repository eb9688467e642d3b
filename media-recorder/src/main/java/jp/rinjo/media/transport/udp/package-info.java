/**
 * The single media UDP port: demultiplexing datagrams by protocol ({@link
 * jp.rinjo.media.transport.udp.PacketClassifier}). The Netty server that owns the socket lives
 * here too and is the only place Netty types appear.
 */
package jp.rinjo.media.transport.udp;
