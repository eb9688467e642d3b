package jp.rinjo.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void splitsStatementsAtLineEndSemicolonsAndSkipsComments() {
        assertThat(Migrations.statements("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
    }

    @Test
    void shippedMigrationsAreNumberedWithoutGaps() {
        assertThat(Migrations.load()).extracting(Migrations.Script::version).startsWith(1).doesNotHaveDuplicates();
    }
}
