package io.meterreader.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmActionsTest {

    @Test
    void aName_isOneLineOfVisibleCharacters() {
        assertThat(AlarmActions.textRefused("user", "Ann O'Hara", true)).isNull();
        assertThat(AlarmActions.textRefused("user", "ann\u200b", true)).contains("an invisible character (U+200B)");
        assertThat(AlarmActions.textRefused("user", "ann\u00a0", true))
                .contains("a space other than the plain one (U+00A0)");
        assertThat(AlarmActions.textRefused("user", "ann\u0007", true)).contains("a control character (U+0007)");
        assertThat(AlarmActions.textRefused("user", "ann\tx", true)).contains("a control character (U+0009)");
        assertThat(AlarmActions.textRefused("user", "a\ud800b", true)).contains("half a UTF-16 pair");
        for (String hidden : new String[] {"\u034f", "\ufe0f", "\u3164", "\u115f", "\u2800", "\u180b",
            "\udb40\udc61"}) {
            assertThat(AlarmActions.textRefused("user", "ann" + hidden, true)).as(hidden)
                    .contains("an invisible character");
        }
        assertThat(AlarmActions.textRefused("user", "Ren\u00e9e Fran\u00e7ois", true)).isNull();
    }

    @Test
    void aNameMixingScriptsThatPassForOneAnother_isRefused_whileScriptsWrittenTogetherAreNot() {
        assertThat(AlarmActions.textRefused("user", "\u0430nn", true))
                .isEqualTo("user mixes Latin (U+006E) and Cyrillic (U+0430) letters, which can pass for one another: "
                        + "a name is written in one script");
        assertThat(AlarmActions.textRefused("user", "\u0410\u043d\u043d\u0430", true)).as("Анна").isNull();
        assertThat(AlarmActions.textRefused("user", "\u5c71\u7530 \u305f\u308d\u3046 Taro", true)).as("山田 たろう Taro")
                .isNull();
        assertThat(AlarmActions.textRefused("user", "\u03bfperator", true)).as("a Greek omicron")
                .contains("Greek (U+03BF)");
        assertThat(AlarmActions.textRefused("comment", "\u0430nn checked it", false)).as("a comment is not a name")
                .isNull();
    }

    @Test
    void aComment_mayHoldLineBreaksAndTabs_butNoOtherControlCharacter() {
        assertThat(AlarmActions.textRefused("comment", "seal replaced\n\tby ann \uD83D\uDD27", false)).isNull();
        assertThat(AlarmActions.textRefused("comment", "nul\u0000here", false))
                .isEqualTo("comment holds a control character (U+0000): only line breaks and tabs are kept");
        assertThat(AlarmActions.textRefused("reason", "x\u001b[31m", false)).contains("(U+001B)");
    }

    @Test
    void aPersonalName_isKnownWhateverItsCaseOrWidth() {
        List<String> personal = List.of("ann");
        assertThat(AlarmActions.personalNameRefused(personal, "ANN")).as("said as the account's own name")
                .isEqualTo("user: ANN is ann, who has a personal account, and what is recorded under that name is what "
                        + "ann does signed in as ann: name yourself, or sign in with it");
        assertThat(AlarmActions.personalNameRefused(personal, "\uff41nn")).as("full-width a").isNotNull();
        assertThat(AlarmActions.personalNameRefused(personal, "anne")).isNull();
    }
}
