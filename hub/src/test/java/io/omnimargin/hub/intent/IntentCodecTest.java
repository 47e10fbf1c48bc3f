package io.omnimargin.hub.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.testsupport.SignedOrders;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntentCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEADLINE = IntentStoreContract.DEADLINE;

  @Test
  void storedAddressesAreLowerCaseAndReadBackAsTheSameIntent() throws Exception {
    Intent intent = intent(SignedOrders.key(3), 7, DEADLINE, 2);
    String document = IntentCodec.document(intent);
    ObjectNode order = (ObjectNode) JSON.readTree(document).get("order");

    assertThat(order.get("user").asText()).isEqualTo(intent.order().user().toLowerHex());
    assertThat(order.get("originSettler").asText())
        .isEqualTo(intent.order().originSettler().toLowerHex());
    Intent read = IntentCodec.read(document, 1, List.of(historyOf(intent)));
    assertThat(read.order()).isEqualTo(intent.order());
    assertThat(read.signature()).isEqualTo(intent.signature());
    assertThat(read.data()).isEqualTo(intent.data());
  }

  @Test
  void theOpenEntrySharesTheIntentsTimeAndReason() {
    Intent intent = intent(SignedOrders.key(5), 9, DEADLINE, 1);

    Intent read = IntentCodec.read(IntentCodec.document(intent), 1, List.of(historyOf(intent)));

    StatusChange open = read.history().get(0);
    assertThat(open.at()).isEqualTo(intent.acceptedAt()).isSameAs(read.acceptedAt());
    assertThat(open.reason()).isSameAs(Intent.ACCEPTED);
  }

  @Test
  void aDocumentWrittenWithChecksummedAddressesStillReads() throws Exception {
    Intent intent = intent(SignedOrders.key(4), 8, DEADLINE, 1);
    ObjectNode doc = (ObjectNode) JSON.readTree(IntentCodec.document(intent));
    ObjectNode order = (ObjectNode) doc.get("order");
    order.put("user", intent.order().user().toChecksumHex());
    order.put("originSettler", intent.order().originSettler().toChecksumHex());
    assertThat(order.get("user").asText()).isNotEqualTo(intent.order().user().toLowerHex());

    Intent read = IntentCodec.read(doc.toString(), 1, List.of(historyOf(intent)));

    assertThat(read.order()).isEqualTo(intent.order());
  }

  private static Intent intent(PrivateKey user, long nonce, long deadline, long size) {
    return IntentStoreContract.intent(user, nonce, deadline, size);
  }

  private static String historyOf(Intent intent) {
    return IntentCodec.historyEntry(intent.history().get(0));
  }
}
