package io.jdlt.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * The hash and id functions of dlt (its Appendix B), so that identifiers, tags and row ids come out the same
 * bytes as dlt's for the same input.
 */
public final class Digests {

    /** dlt's {@code DLT_ID_LENGTH_BYTES}: 10 bytes give a 14-character {@code _dlt_id}. */
    public static final int DLT_ID_LENGTH_BYTES = 10;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<SHAKEDigest> SHAKE = ThreadLocal.withInitial(() -> new SHAKEDigest(128));
    /**
     * Row ids need to be unique, not unpredictable: a per-thread LXM generator (period 2^256, seeded with 256 bits from
     * the system's secure source) takes no lock, where a shared SecureRandom serializes every row.
     */
    private static final ThreadLocal<java.util.random.RandomGenerator> ROW_ID_RANDOM = ThreadLocal.withInitial(() -> {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return java.util.random.RandomGeneratorFactory.of("L128X256MixRandom").create(seed);
    });
    private static final Base64.Encoder BASE64_NO_PADDING = Base64.getEncoder().withoutPadding();

    private Digests() {
    }

    /** {@code b64(SHAKE128(utf8(s)).digest(n))} without padding: dlt's {@code digest128}. */
    public static String digest128(String value, int lengthBytes) {
        return digest128(value.getBytes(StandardCharsets.UTF_8), lengthBytes);
    }

    /** {@code b64(SHAKE128(bytes).digest(n))} without padding: dlt's {@code digest128b}. */
    public static String digest128(byte[] value, int lengthBytes) {
        return BASE64_NO_PADDING.encodeToString(shake128(value, lengthBytes));
    }

    /** The row key of a nested row: a hash of its parent's key, its table and its position in the list. */
    public static String childRowId(String parentRowId, String tableName, int listIndex) {
        return digest128(parentRowId + "_" + tableName + "_" + listIndex, DLT_ID_LENGTH_BYTES);
    }

    /** A random row key for root rows: 10 random bytes in base64 without padding, 14 characters. */
    public static String randomRowId() {
        byte[] bytes = new byte[DLT_ID_LENGTH_BYTES];
        ROW_ID_RANDOM.get().nextBytes(bytes);
        return BASE64_NO_PADDING.encodeToString(bytes);
    }

    /** A random hex id of {@code 2 * lengthBytes} characters, dlt's {@code uniq_id}. */
    public static String uniqueHexId(int lengthBytes) {
        byte[] bytes = new byte[lengthBytes];
        RANDOM.nextBytes(bytes);
        StringBuilder hex = new StringBuilder(lengthBytes * 2);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /** Padded base64 of SHA3-256, as dlt computes schema and state version hashes. */
    public static String sha3_256Base64(byte[] content) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA3-256");
            return Base64.getEncoder().encodeToString(digest.digest(content));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA3-256 is part of every JDK since 9", ex);
        }
    }

    static byte[] shake128(byte[] value, int lengthBytes) {
        // one digest per thread: its sponge is reset by doFinal, and building one is a tenth of hashing a row id
        SHAKEDigest shake = SHAKE.get();
        byte[] out = new byte[lengthBytes];
        try {
            // doFinal leaves the sponge reset for the next hash (resetting before each one as well cost 2% of normalize)
            shake.update(value, 0, value.length);
            shake.doFinal(out, 0, lengthBytes);
        }
        catch (RuntimeException ex) {
            // a hash that failed midway on this thread must not leave its input in the sponge
            shake.reset();
            throw ex;
        }
        return out;
    }
}
