package jp.rinjo.media.transport.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IceUfragRouterTest {

    static final InetSocketAddress FROM = IceLiteAgentTest.PHONE;

    final IceUfragRouter router = new IceUfragRouter();

    @Test
    void routesABindingRequestToTheAgentOwningItsLocalUfrag() {
        IceLiteAgent a = IceLiteAgent.create("a", 0);
        IceLiteAgent b = IceLiteAgent.create("b", 0);
        router.register(a);
        router.register(b);
        byte[] toB = new FakeBrowser(IceCredentials.generate(), b.localCredentials()).request(true);

        assertThat(router.route(toB, 0, toB.length)).containsSame(b);
        assertThat(router.lookup(a.localCredentials().ufrag())).containsSame(a);
    }

    @Test
    void findsNothingForUnknownUfragsOrNonStun() {
        router.register(IceLiteAgent.create("a", 0));
        byte[] stranger = new FakeBrowser(IceCredentials.generate(), IceCredentials.generate()).request(false);
        assertThat(router.route(stranger, 0, stranger.length)).isEmpty();
        byte[] dtls = new byte[30];
        dtls[0] = 22;
        assertThat(router.route(dtls, 0, dtls.length)).isEmpty();
    }

    @Test
    void followsAnIceRestart() {
        IceLiteAgent agent = IceLiteAgent.create("a", 0);
        IceCredentials browser = IceCredentials.generate();
        agent.setRemoteCredentials(browser);
        router.register(agent);
        String oldUfrag = agent.localCredentials().ufrag();

        IceCredentials newBrowser = IceCredentials.generate();
        IceCredentials fresh = agent.restart(newBrowser.ufrag(), newBrowser.pwd());
        router.register(agent);
        assertThat(router.size()).isEqualTo(2);
        assertThat(router.lookup(oldUfrag)).containsSame(agent);
        assertThat(router.lookup(fresh.ufrag())).containsSame(agent);

        byte[] check = new FakeBrowser(newBrowser, fresh).request(true);
        IceLiteAgent routed = router.route(check, 0, check.length).orElseThrow();
        assertThat(routed.handle(check, 0, check.length, FROM, 1).outcome()).isEqualTo(IceResult.Outcome.SUCCESS);

        assertThat(router.lookup(oldUfrag)).as("retired ufrag").isEmpty();
        assertThat(router.size()).isEqualTo(1);
    }

    @Test
    void registerDropsRetiredUfrags() {
        IceLiteAgent agent = IceLiteAgent.create("a", 0);
        router.register(agent);
        IceCredentials newBrowser = IceCredentials.generate();
        IceCredentials first = agent.restart(newBrowser.ufrag(), newBrowser.pwd());
        router.register(agent);
        agent.restart(newBrowser.ufrag(), newBrowser.pwd()); // replaces the unused 'first'
        router.register(agent);
        assertThat(router.size()).isEqualTo(2);
        assertThat(router.lookup(first.ufrag())).isEmpty();
    }

    @Test
    void unregisterRemovesEveryMapping() {
        IceLiteAgent agent = IceLiteAgent.create("a", 0);
        IceCredentials b = IceCredentials.generate();
        agent.restart(b.ufrag(), b.pwd());
        router.register(agent);
        IceLiteAgent other = IceLiteAgent.create("o", 0);
        router.register(other);
        router.unregister(agent);
        assertThat(router.size()).isEqualTo(1);
        assertThat(router.lookup(other.localCredentials().ufrag())).containsSame(other);
    }

    @Test
    void refusesAUfragHeldByAnotherAgent() {
        IceCredentials shared = IceCredentials.generate();
        IceLiteAgent first = new IceLiteAgent("first", shared, Duration.ofSeconds(30), 0);
        router.register(first);
        router.register(first); // idempotent
        IceLiteAgent second = new IceLiteAgent("second", shared, Duration.ofSeconds(30), 0);
        assertThatThrownBy(() -> router.register(second))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already used by IceLiteAgent[first]");
        assertThat(router.lookup(shared.ufrag())).containsSame(first);
    }

    @Test
    void concurrentRegistrationAndRoutingLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<IceLiteAgent>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    List<IceLiteAgent> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        IceLiteAgent agent = IceLiteAgent.create("t" + id + "-" + i, 0);
                        router.register(agent);
                        mine.add(agent);
                        byte[] check = new FakeBrowser(IceCredentials.generate(), agent.localCredentials()).request(false);
                        if (router.route(check, 0, check.length).orElse(null) != agent) {
                            throw new AssertionError("lost " + agent);
                        }
                        if (i % 2 == 0) {
                            router.unregister(agent);
                        }
                    }
                    return mine;
                }));
            }
            int kept = 0;
            for (Future<List<IceLiteAgent>> f : futures) {
                for (IceLiteAgent agent : f.get(60, TimeUnit.SECONDS)) {
                    boolean registered = router.lookup(agent.localCredentials().ufrag()).isPresent();
                    assertThat(registered).isEqualTo(Integer.parseInt(agent.endpointId().split("-")[1]) % 2 == 1);
                    kept += registered ? 1 : 0;
                }
            }
            assertThat(router.size()).isEqualTo(kept).isEqualTo(threads * perThread / 2);
        } finally {
            pool.shutdownNow();
        }
    }
}
