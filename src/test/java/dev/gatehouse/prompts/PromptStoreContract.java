package dev.gatehouse.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.auth.DuplicateId;
import dev.gatehouse.json.Json;
import dev.gatehouse.prompts.template.LabelTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link PromptStore} must do; run against SQLite and PostgreSQL. */
public abstract class PromptStoreContract {

    private static final Instant AT = Instant.parse("2025-10-01T12:00:00Z");

    protected abstract PromptStore newStore();

    private PromptStore store;

    @BeforeEach
    void open() {
        store = newStore();
    }

    private static com.fasterxml.jackson.databind.JsonNode definition(String text) {
        return Json.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
    }

    @Test
    void numbersVersionsInOrderAndKeepsTheirDefinitions() {
        store.create("greet", AT);
        assertThat(store.addVersion("greet", definition("one"), AT)).hasValue(1);
        assertThat(store.addVersion("greet", definition("two"), AT)).hasValue(2);

        PromptStore.StoredTemplate t = store.find("greet").orElseThrow();
        assertThat(t.versions()).extracting(PromptStore.StoredVersion::version).containsExactly(1, 2);
        assertThat(t.versions().get(1).definition()).isEqualTo(definition("two"));
    }

    @Test
    void refusesADuplicateIdAndAVersionOfNoTemplate() {
        store.create("greet", AT);
        assertThatThrownBy(() -> store.create("greet", AT)).isInstanceOf(DuplicateId.class);
        assertThat(store.addVersion("nobody", definition("x"), AT)).isEmpty();
    }

    @Test
    void setsAndMovesALabelOnlyToVersionsThatExist() {
        store.create("greet", AT);
        store.addVersion("greet", definition("one"), AT);
        store.addVersion("greet", definition("two"), AT);

        assertThat(store.setLabel("greet", "production", LabelTarget.of(1), AT))
                .isEqualTo(PromptStore.LabelOutcome.SET);
        LabelTarget split = new LabelTarget(List.of(new LabelTarget.Arm(1, 90), new LabelTarget.Arm(2, 10)));
        assertThat(store.setLabel("greet", "production", split, AT)).isEqualTo(PromptStore.LabelOutcome.SET);
        assertThat(store.setLabel("greet", "staging", LabelTarget.of(3), AT))
                .isEqualTo(PromptStore.LabelOutcome.NO_VERSION);
        assertThat(store.setLabel("nobody", "staging", LabelTarget.of(1), AT))
                .isEqualTo(PromptStore.LabelOutcome.NO_TEMPLATE);

        PromptStore.StoredTemplate t = store.find("greet").orElseThrow();
        assertThat(t.labels()).containsOnlyKeys("production");
        assertThat(t.labels().get("production")).isEqualTo(split.toJson());
    }

    @Test
    void everyWriteMovesTheChangeSequence() {
        long start = store.changeSequence();
        store.create("greet", AT);
        store.addVersion("greet", definition("one"), AT);
        store.setLabel("greet", "production", LabelTarget.of(1), AT);
        assertThat(store.changeSequence()).isGreaterThanOrEqualTo(start + 3);
    }

    @Test
    void deletesATemplateWithItsVersionsAndLabels() {
        store.create("greet", AT);
        store.addVersion("greet", definition("one"), AT);
        store.setLabel("greet", "production", LabelTarget.of(1), AT);

        assertThat(store.deleteLabel("greet", "production")).isTrue();
        assertThat(store.deleteLabel("greet", "production")).isFalse();
        assertThat(store.delete("greet")).isTrue();
        assertThat(store.delete("greet")).isFalse();
        assertThat(store.all()).isEmpty();
        store.create("greet", AT);
        assertThat(store.addVersion("greet", definition("again"), AT)).hasValue(1);
    }
}
