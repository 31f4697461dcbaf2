package io.lstmstreams.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenEventTest {

    private static TokenEvent parse(String json) {
        return TokenEvent.parse(json.getBytes(StandardCharsets.UTF_8), 10);
    }

    @Test
    void parsesTheFullFormatAndDefaults() {
        assertThat(parse("{\"v\":1,\"token\":\"dog\",\"tag\":\"NOUN\",\"end\":true,\"time\":17}"))
                .isEqualTo(new TokenEvent(1, "dog", "NOUN", true, 17L));
        assertThat(parse("{\"token\":\"dog\"}")).isEqualTo(new TokenEvent(1, "dog", null, false, null));
    }

    @Test
    void roundTripsThroughItsOwnJson() {
        TokenEvent event = TokenEvent.of("dog", "NOUN", true);

        assertThat(TokenEvent.parse(event.toJson(), 10)).isEqualTo(event);
    }

    @Test
    void everyMalformedValueHasItsOwnReason() {
        assertReason("{\"token\":", "not JSON");
        assertReason("[1,2]", "not a JSON object");
        assertReason("{\"tag\":\"NOUN\"}", "missing field 'token'");
        assertReason("{\"token\":5}", "'token' must be a string");
        assertReason("{\"token\":\"\"}", "'token' is empty");
        assertReason("{\"token\":\"antidisestablishmentarianism\"}", "exceeds the limit of 10");
        assertReason("{\"token\":\"dog\",\"end\":\"yes\"}", "'end' must be true or false");
        assertReason("{\"token\":\"dog\",\"time\":\"noon\"}", "'time' must be epoch milliseconds");
        assertReason("{\"token\":\"dog\",\"time\":99999999999999999999999}", "'time' must be epoch milliseconds");
        assertReason("{\"token\":\"dog\",\"time\":\"" + "9".repeat(10_000) + "\"}", "(10002 characters)");
        assertReason("{\"token\":\"dog\",\"token\":\"cat\"}", "Duplicate field 'token'");
        assertReason("{\"token\":\"dog\",\"tag\":\"NOUNNOUNNOUN\"}", "tag of 12 characters exceeds the limit of 10");
        assertReason("{\"v\":2,\"token\":\"dog\"}", "unsupported format version 2");
        assertThatThrownBy(() -> TokenEvent.parse(new byte[0], 10)).hasMessageContaining("empty value");
    }

    @Test
    void bytesThatAreNotUtf8AreInvalidInputNotAnError() {
        byte[] latin1 = "{\"token\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        // Four bytes that Jackson's encoding detection takes for UTF-32, whose decoder then fails with an IOException.
        byte[] utf32 = {0, 0, 0, '{', 0, 0, 0, '"', (byte) 0xD8, 0, 0, 0};
        byte[] bom = {(byte) 0xFF, (byte) 0xFE, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        for (byte[] value : java.util.List.of(latin1, utf32, bom)) {
            assertThatThrownBy(() -> TokenEvent.parse(value, 10)).isInstanceOf(InvalidRecordException.class)
                    .hasMessageStartingWith("value is not JSON");
        }
    }

    @Test
    void aKeyMustBeThereAndNotBeEmpty() {
        assertThat(JsonInput.key("s1", "the sequence id")).isEqualTo("s1");
        assertThatThrownBy(() -> JsonInput.key(null, "the sequence id")).hasMessage("record has no key: the key is the sequence id");
        assertThatThrownBy(() -> JsonInput.key("", "the sequence id")).hasMessage("record has an empty key: the key is the sequence id");
    }

    private static void assertReason(String json, String reason) {
        assertThatThrownBy(() -> parse(json)).as(json).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }
}
