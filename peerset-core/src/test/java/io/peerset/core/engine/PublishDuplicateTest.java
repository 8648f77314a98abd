package io.peerset.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerset.api.Draft;
import io.peerset.api.Identity;
import io.peerset.api.InvalidRecordException;
import io.peerset.api.Room;
import io.peerset.api.SignedRecord;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Room.publish never answers success for a forgery that carries the id of a stored record. */
class PublishDuplicateTest {
    @Test
    void aForgedCopyOfAStoredIdFailsNamingTheMismatchAndTheStoreKeepsTheOriginal() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "dup");
            Identity author = Identity.generate();
            SignedRecord original = author.sign(Draft.text("the original"));
            room.publish(original).get();

            SignedRecord otherContent = SignedRecord.of(original.id(), original.pubkey(), original.createdAt(), original.kind(),
                original.tags(), "forged content", original.sig());
            assertThatThrownBy(() -> room.publish(otherContent).get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("already stored").hasMessageContaining("id does not match");

            SignedRecord badSig = SignedRecord.of(original.id(), original.pubkey(), original.createdAt(), original.kind(),
                original.tags(), original.content(), author.sign(Draft.text("something else")).sig());
            assertThatThrownBy(() -> room.publish(badSig).get())
                .cause().isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("already stored").hasMessageContaining("signature");

            assertThat(room.get(original.id()).get()).hasValueSatisfying(r -> assertThat(r.toJson()).isEqualTo(original.toJson()));
        }
    }

    @Test
    void aGenuineCopyCompletesWithTheStoredRecord() throws Exception {
        try (Nodes nodes = new Nodes()) {
            Room room = nodes.node().join("app", "dup2");
            SignedRecord original = Identity.generate().sign(Draft.text("once"));
            room.publish(original).get();
            SignedRecord again = room.publish(SignedRecord.fromJson(original.toJson())).get();
            assertThat(again.toJson()).isEqualTo(original.toJson());
            assertThat(room.size()).isEqualTo(1);
        }
    }
}
