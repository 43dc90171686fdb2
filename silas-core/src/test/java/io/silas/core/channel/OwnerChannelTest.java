package io.silas.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import org.junit.jupiter.api.Test;

class OwnerChannelTest {
    @Test
    void firstDeclaredConnectionIsPrimaryAndOnlyDeclaredOnesAreOwners() {
        OwnerChannel owner = OwnerChannel.of("console", "phone");

        assertThat(owner.primary()).isEqualTo("console");
        assertThat(owner.isOwnerConnection("phone")).isTrue();
        assertThat(owner.isOwnerConnection("mallory")).isFalse();
        assertThat(owner.isOwnerConnection(null)).isFalse();
    }

    @Test
    void noBlankOrDuplicateIds() {
        for (String[] ids : new String[][] {{}, {" "}, {"a", "a"}}) {
            assertThatThrownBy(() -> OwnerChannel.of(ids)).isInstanceOfSatisfying(SilasException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        }
    }
}
