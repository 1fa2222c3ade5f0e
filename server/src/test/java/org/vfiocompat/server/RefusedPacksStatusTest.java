package org.vfiocompat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vfiocompat.engine.CompatibilityEngine;

/** Issue 13, class 7: the server starts with the packs that load and tells which were refused, and why. */
class RefusedPacksStatusTest {

    @Test
    void statusAndPacksListTheRefusedPackWithItsCode(@TempDir Path packs) throws IOException {
        Files.createDirectories(packs.resolve("good/rules"));
        Files.writeString(packs.resolve("good/rules/main.drl"), "package packs.good;\n");
        Files.writeString(packs.resolve("good/pack.json"), """
                {"id": "good", "version": "1.0.0", "vendor": "Good", "namespaces": ["good-"], "rules": ["rules/main.drl"]}
                """);
        Files.createDirectories(packs.resolve("broken"));
        Files.writeString(packs.resolve("broken/pack.json"), "{\"id\": \"broken\", ");
        try (CompatibilityEngine engine = CompatibilityEngine.builder().packs(packs).build();
             VfioCompatServer server = VfioCompatServer.builder().engine(engine).inventory(TestServers.FLEET)
                     .listen(new InetSocketAddress("127.0.0.1", 0)).build().start()) {
            ObjectMapper json = new ObjectMapper();
            JsonNode status = json.readTree(TestServers.get(server, "/v1/status").body());
            assertThat(status.get("packs")).extracting(p -> p.get("id").asText()).containsExactly("good");
            assertThat(status.get("refusedPacks")).singleElement().satisfies(r -> {
                assertThat(r.get("id").asText()).isEqualTo("broken");
                assertThat(r.get("status").asText()).isEqualTo("refused");
                assertThat(r.get("code").asText()).isEqualTo("json.syntax");
                assertThat(r.at("/problems/0/location/file").asText()).isEqualTo(packs.resolve("broken/pack.json").toString());
            });
            JsonNode list = json.readTree(TestServers.get(server, "/v1/packs").body());
            assertThat(list).extracting(p -> p.get("id").asText() + " " + p.get("status").asText())
                    .containsExactly("good active", "broken refused");
        }
    }
}
