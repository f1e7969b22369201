package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meterreader.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The store's URL as the log shows it, while the database is away: no password; its connections. */
class StoreWiringTest {

    @Test
    void aPasswordInTheJdbcUrl_isMasked_andTheRestKept() {
        assertThat(StoreWiring.masked("jdbc:postgresql://db:5432/meters?user=meter&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/meters?user=meter&password=***&ssl=true");
        assertThat(StoreWiring.masked("jdbc:sqlserver://db;user=sa;Password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=sa;Password=***;encrypt=true");
        assertThat(StoreWiring.masked("jdbc:h2:file:./data/readings")).isEqualTo("jdbc:h2:file:./data/readings");
    }

    @Test
    void aPostgresqlConnection_hasItsJitCompilerOff_unlessThePlantSaidOtherwise() throws Exception {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(TestDatabase.POSTGRES);
            pool.setUsername("postgres");
            StoreWiring.postgresqlWithoutJit().postProcessBeforeInitialization(pool, "dataSource");
            assertThat(new JdbcTemplate(pool).queryForObject("SHOW jit", String.class)).isEqualTo("off");
        }
        HikariDataSource own = new HikariDataSource();
        own.setJdbcUrl(TestDatabase.POSTGRES);
        own.setConnectionInitSql("SET statement_timeout = 60000");
        StoreWiring.withoutJit(own);
        assertThat(own.getConnectionInitSql()).isEqualTo("SET statement_timeout = 60000");
        HikariDataSource h2 = new HikariDataSource();
        h2.setJdbcUrl("jdbc:h2:mem:x");
        StoreWiring.withoutJit(h2);
        assertThat(h2.getConnectionInitSql()).isNull();
    }
}
