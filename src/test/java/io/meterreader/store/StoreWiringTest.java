package io.meterreader.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The store's URL as the log shows it, while the database is away: no password. */
class StoreWiringTest {

    @Test
    void aPasswordInTheJdbcUrl_isMasked_andTheRestKept() {
        assertThat(StoreWiring.masked("jdbc:postgresql://db:5432/meters?user=meter&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/meters?user=meter&password=***&ssl=true");
        assertThat(StoreWiring.masked("jdbc:sqlserver://db;user=sa;Password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;user=sa;Password=***;encrypt=true");
        assertThat(StoreWiring.masked("jdbc:h2:file:./data/readings")).isEqualTo("jdbc:h2:file:./data/readings");
    }
}
