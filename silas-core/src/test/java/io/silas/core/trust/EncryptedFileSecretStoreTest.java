package io.silas.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silas.core.error.ErrorCode;
import io.silas.core.error.SilasException;
import io.silas.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedFileSecretStoreTest extends SecretStoreContract {
    @TempDir
    Path tmp;

    private int stores;

    @Override
    protected SecretStore newStore() {
        stores++;
        return SecretStore.encryptedFile(tmp.resolve("data-" + stores), keyFile("master-" + stores + ".key"));
    }

    private MasterKeySource keyFile(String name) {
        return MasterKeySource.fromFile(MasterKeySource.generateKeyFile(tmp.resolve("keys").resolve(name)));
    }

    private static SecretValue secret(String s) {
        return SecretValue.copyOf(s.toCharArray());
    }

    private static String reveal(SecretValue v) {
        try (v) {
            return new String(v.revealChars());
        }
    }

    private static void assertFailure(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SilasException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SECRET_STORE_FAILURE);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    private Path storeFile(Path data) {
        return data.resolve(EncryptedFileSecretStore.FILE_NAME);
    }

    private static ObjectNode readTree(Path file) throws IOException {
        return (ObjectNode) Json.mapper().readTree(Files.readAllBytes(file));
    }

    private static void writeTree(Path file, ObjectNode tree) throws IOException {
        Files.write(file, Json.mapper().writeValueAsBytes(tree));
    }

    @Nested
    class Files0600 {
        @Test
        void open_newStore_fileMode0600AndDirMode0700() throws IOException {
            Path data = tmp.resolve("fresh");
            SecretStore store = SecretStore.encryptedFile(data, keyFile("k.key"));
            store.put("api", secret("value"));

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile(data)))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        }

        @Test
        void put_manyWrites_noTempFilesLeftAndFileValid() throws IOException {
            Path data = tmp.resolve("atomic");
            SecretStore store = SecretStore.encryptedFile(data, keyFile("k.key"));
            for (int i = 0; i < 20; i++) {
                store.put("ref-" + i, secret("v" + i));
            }
            store.delete("ref-3");

            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly(EncryptedFileSecretStore.FILE_NAME);
            }
            assertThat(readTree(storeFile(data)).get("entries").size()).isEqualTo(19);
        }

        @Test
        void open_looseStoreFileMode_tightenedTo0600() throws IOException {
            Path data = tmp.resolve("loose");
            MasterKeySource key = keyFile("k.key");
            SecretStore.encryptedFile(data, key).put("api", secret("v"));
            Files.setPosixFilePermissions(storeFile(data), PosixFilePermissions.fromString("rw-r--r--"));

            SecretStore.encryptedFile(data, key);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeFile(data)))).isEqualTo("rw-------");
        }

        @Test
        void reopen_sameKey_valuesPersist() {
            Path data = tmp.resolve("persist");
            MasterKeySource key = keyFile("k.key");
            SecretStore.encryptedFile(data, key).put("api", secret("persisted"));

            assertThat(reveal(SecretStore.encryptedFile(data, key).get("api").orElseThrow())).isEqualTo("persisted");
        }

        @Test
        void storeFile_neverContainsPlaintext() throws IOException {
            Path data = tmp.resolve("cipher");
            SecretStore store = SecretStore.encryptedFile(data, keyFile("k.key"));
            store.put("api", secret("PLAINTEXT-CANARY-4242"));

            String bytes = Files.readString(storeFile(data), StandardCharsets.ISO_8859_1);
            assertThat(bytes).doesNotContain("PLAINTEXT-CANARY-4242")
                    .doesNotContain(Base64.getEncoder().encodeToString("PLAINTEXT-CANARY-4242".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Nested
    class MasterKeys {
        @Test
        void open_wrongMasterKey_clearMismatchError() {
            Path data = tmp.resolve("wrong");
            SecretStore.encryptedFile(data, keyFile("right.key")).put("api", secret("v"));

            assertFailure(() -> SecretStore.encryptedFile(data, keyFile("wrong.key")),
                    "master key does not match this secret store");
        }

        @Test
        void open_missingEnvVariable_clearMissingError() {
            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"), MasterKeySource.fromEnv("SILAS_MASTER_KEY", Map.of())),
                    "master key missing: environment variable SILAS_MASTER_KEY is not set");
        }

        @Test
        void open_missingKeyFile_clearMissingError() {
            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"), MasterKeySource.fromFile(tmp.resolve("none.key"))),
                    "does not exist");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rwx------", "rw--w----"})
        void open_looseKeyFilePermissions_refused(String mode) throws IOException {
            Path file = MasterKeySource.generateKeyFile(tmp.resolve("loose.key"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));

            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"), MasterKeySource.fromFile(file)),
                    "must be 0600 or stricter");
        }

        @Test
        void open_keyFileMode0644_messageNamesMode() throws IOException {
            Path file = MasterKeySource.generateKeyFile(tmp.resolve("loose.key"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"), MasterKeySource.fromFile(file)), "has mode 0644");
        }

        @Test
        void open_readOnlyKeyFile0400_accepted() throws IOException {
            Path file = MasterKeySource.generateKeyFile(tmp.resolve("ro.key"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

            SecretStore.encryptedFile(tmp.resolve("d"), MasterKeySource.fromFile(file)).put("a", secret("v"));
        }

        @Test
        void open_keyFileInsideDataDir_refused() {
            Path data = tmp.resolve("inside");
            Path file = MasterKeySource.generateKeyFile(data.resolve("master.key"));

            assertFailure(() -> SecretStore.encryptedFile(data, MasterKeySource.fromFile(file)), "keep it outside the data dir");
        }

        @Test
        void open_malformedKey_clearError() {
            String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"),
                    MasterKeySource.fromEnv("K", Map.of("K", shortKey))), "is malformed: expected 32 bytes");
            assertFailure(() -> SecretStore.encryptedFile(tmp.resolve("d"),
                    MasterKeySource.fromEnv("K", Map.of("K", "not base64 at all!"))), "is malformed");
        }

        @Test
        void open_sameKeyAsHexOrBase64FromEnv_sameStore() {
            byte[] raw = new byte[32];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = (byte) (i * 7 + 3);
            }
            Path data = tmp.resolve("env");
            SecretStore.encryptedFile(data, MasterKeySource.fromEnv("K", Map.of("K", HexFormat.of().formatHex(raw)))).put("a", secret("v"));

            String base64 = "  " + Base64.getEncoder().encodeToString(raw) + "\n";
            assertThat(reveal(SecretStore.encryptedFile(data, MasterKeySource.fromEnv("K", Map.of("K", base64))).get("a").orElseThrow()))
                    .isEqualTo("v");
            String urlNoPad = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            assertThat(SecretStore.encryptedFile(data, MasterKeySource.fromEnv("K", Map.of("K", urlNoPad))).contains("a")).isTrue();
        }

        @Test
        void generateKeyFile_existingFile_refusedAndMode0600() throws IOException {
            Path file = MasterKeySource.generateKeyFile(tmp.resolve("dir/sub/k.key"));
            byte[] before = Files.readAllBytes(file);

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertFailure(() -> MasterKeySource.generateKeyFile(file), "already exists");
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
            assertThat(Base64.getDecoder().decode(new String(before, StandardCharsets.US_ASCII).strip())).hasSize(32);
        }

        @Test
        void toString_namesSourceNotKey() {
            MasterKeySource source = MasterKeySource.fromEnv("K", Map.of("K", "c2VjcmV0LWtleS1tYXRlcmlhbC1zaG91bGQtbm90LWxlYWs="));
            assertThat(source.toString()).isEqualTo("MasterKeySource[environment variable K]");
        }
    }

    @Nested
    class Tampering {
        @Test
        void get_tamperedCiphertext_failsClosedOthersReadable() throws IOException {
            Path data = tmp.resolve("tamper");
            MasterKeySource key = keyFile("k.key");
            SecretStore store = SecretStore.encryptedFile(data, key);
            store.put("victim", secret("value-a"));
            store.put("bystander", secret("value-b"));
            ObjectNode tree = readTree(storeFile(data));
            byte[] ct = Base64.getDecoder().decode(tree.get("entries").get("victim").asText());
            ct[ct.length / 2] ^= 0x01;
            ((ObjectNode) tree.get("entries")).put("victim", Base64.getEncoder().encodeToString(ct));
            writeTree(storeFile(data), tree);

            SecretStore reopened = SecretStore.encryptedFile(data, key);

            assertFailure(() -> reopened.get("victim"), "secret 'victim'");
            assertFailure(() -> reopened.get("victim"), "failed authentication");
            assertThat(reveal(reopened.get("bystander").orElseThrow())).isEqualTo("value-b");
        }

        @Test
        void get_ciphertextCopiedToAnotherRef_failsBecauseOfAssociatedData() throws IOException {
            Path data = tmp.resolve("swap");
            MasterKeySource key = keyFile("k.key");
            SecretStore store = SecretStore.encryptedFile(data, key);
            store.put("ref-a", secret("secret-of-a"));
            store.put("ref-b", secret("secret-of-b"));
            ObjectNode tree = readTree(storeFile(data));
            ((ObjectNode) tree.get("entries")).put("ref-b", tree.get("entries").get("ref-a").asText());
            writeTree(storeFile(data), tree);

            SecretStore reopened = SecretStore.encryptedFile(data, key);

            assertFailure(() -> reopened.get("ref-b"), "copied from another ref");
            assertThat(reveal(reopened.get("ref-a").orElseThrow())).isEqualTo("secret-of-a");
        }

        @Test
        void open_tamperedKeyCheck_refused() throws IOException {
            Path data = tmp.resolve("check");
            MasterKeySource key = keyFile("k.key");
            SecretStore.encryptedFile(data, key).put("a", secret("v"));
            ObjectNode tree = readTree(storeFile(data));
            tree.put("key_check", Base64.getEncoder().encodeToString(new byte[40]));
            writeTree(storeFile(data), tree);

            assertFailure(() -> SecretStore.encryptedFile(data, key), "master key does not match this secret store");
        }

        @Test
        void open_notAStoreFile_refused() throws IOException {
            Path data = tmp.resolve("junk");
            Files.createDirectories(data);
            Files.writeString(storeFile(data), "{\"hello\": 1}");

            assertFailure(() -> SecretStore.encryptedFile(data, keyFile("k.key")), "not a secret store file");
        }

        @Test
        void open_unknownVersion_refused() throws IOException {
            Path data = tmp.resolve("version");
            MasterKeySource key = keyFile("k.key");
            SecretStore.encryptedFile(data, key);
            ObjectNode tree = readTree(storeFile(data));
            tree.put("version", 99);
            writeTree(storeFile(data), tree);

            assertFailure(() -> SecretStore.encryptedFile(data, key), "unknown format or version");
        }
    }
}
