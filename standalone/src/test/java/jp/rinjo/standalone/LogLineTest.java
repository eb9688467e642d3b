package jp.rinjo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * A line of the standalone's log, read days later (or beside a manifest's JST times), says on which
 * day and in which zone it was written.
 */
class LogLineTest {
    @Test
    void aLogLineCarriesItsDateAndZoneOffset() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Main.class.getResource("/logback.xml")); // the standalone's own, not a test's
        var console = (OutputStreamAppender<ILoggingEvent>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");

        Instant at = Instant.parse("2031-03-04T01:02:03.456Z");
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("jp.rinjo.standalone.Main"), Level.INFO,
                "recording spool recovered", null, null);
        event.setInstant(at);
        String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);

        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSxxx").format(at.atZone(ZoneId.systemDefault()));
        assertThat(line).startsWith(local).contains("recording spool recovered");
        context.stop();
    }
}
