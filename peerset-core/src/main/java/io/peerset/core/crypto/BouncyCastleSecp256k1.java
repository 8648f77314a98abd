package io.peerset.core.crypto;

import io.peerset.api.spi.Secp256k1;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.prng.FixedSecureRandom;
import org.bouncycastle.crypto.signers.BIP340Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * secp256k1 keys and BIP-340 Schnorr signatures on BouncyCastle's
 * {@link BIP340Signer}. Priority 0: a faster provider (e.g. libsecp256k1 over JNI)
 * wins when present.
 *
 * <p>Thread-safe: a {@link BIP340Signer} is stateful, so every call builds its own;
 * the shared fields are immutable.
 */
public final class BouncyCastleSecp256k1 implements Secp256k1 {
    private static final ECDomainParameters DOMAIN = BIP340Signer.getDomain();
    private static final BigInteger N = DOMAIN.getN();

    private final SecureRandom random;

    /** The provider, with the platform's strong-enough {@link SecureRandom}. */
    public BouncyCastleSecp256k1() {
        this(new SecureRandom());
    }

    /** The provider with a given source of keys and auxiliary randomness. */
    public BouncyCastleSecp256k1(SecureRandom random) {
        this.random = random;
    }

    @Override
    public String name() { return "bouncycastle"; }

    @Override
    public byte[] generateSecretKey() {
        byte[] key = new byte[32];
        while (true) {
            random.nextBytes(key);
            BigInteger d = new BigInteger(1, key);
            if (d.signum() > 0 && d.compareTo(N) < 0) {
                return key;
            }
        }
    }

    @Override
    public byte[] publicKey(byte[] secretKey) {
        BigInteger d = scalar(secretKey);
        ECPoint p = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), d).normalize();
        return p.getAffineXCoord().getEncoded();
    }

    @Override
    public byte[] sign(byte[] secretKey, byte[] message32) {
        byte[] aux = new byte[32];
        random.nextBytes(aux);
        return sign(secretKey, message32, aux);
    }

    @Override
    public byte[] sign(byte[] secretKey, byte[] message32, byte[] auxRand32) {
        BigInteger d = scalar(secretKey);
        require32("message", message32);
        require32("auxiliary randomness", auxRand32);
        CipherParameters params = new ParametersWithRandom(new ECPrivateKeyParameters(d, DOMAIN),
            new FixedSecureRandom(auxRand32.clone()));
        BIP340Signer signer = new BIP340Signer();
        signer.init(true, params);
        signer.update(message32, 0, message32.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(byte[] publicKey32, byte[] message32, byte[] signature64) {
        if (publicKey32 == null || publicKey32.length != 32 || message32 == null || message32.length != 32
            || signature64 == null || signature64.length != 64) {
            return false;
        }
        try {
            ECPublicKeyParameters key = BIP340Signer.decodePublicKey(publicKey32);
            if (key == null) {
                return false; // not the x coordinate of a curve point, or not below the field size
            }
            BIP340Signer signer = new BIP340Signer();
            signer.init(false, key);
            signer.update(message32, 0, message32.length);
            return signer.verifySignature(signature64);
        } catch (RuntimeException e) {
            return false; // garbage never throws: whatever BouncyCastle rejects is simply not a valid signature
        }
    }

    @Override
    public byte[] ecdh(byte[] secretKey, byte[] publicKey32) {
        BigInteger d = scalar(secretKey);
        if (publicKey32 == null || publicKey32.length != 32) {
            throw new IllegalArgumentException("an x-only public key must be 32 bytes; got "
                + (publicKey32 == null ? "null" : publicKey32.length + " bytes"));
        }
        ECPublicKeyParameters peer;
        try {
            peer = BIP340Signer.decodePublicKey(publicKey32); // lift_x: the point with even y
        } catch (RuntimeException e) {
            peer = null;
        }
        if (peer == null) {
            throw new IllegalArgumentException("the public key is not the x coordinate of a secp256k1 point"
                + " (or not below the field size p); check that it is a Nostr public key");
        }
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(new ECPrivateKeyParameters(d, DOMAIN));
        return BigIntegers.asUnsignedByteArray(32, agreement.calculateAgreement(peer));
    }

    private static BigInteger scalar(byte[] secretKey) {
        if (secretKey == null || secretKey.length != 32) {
            throw new IllegalArgumentException("a secp256k1 secret key must be 32 bytes; got "
                + (secretKey == null ? "null" : secretKey.length + " bytes"));
        }
        BigInteger d = new BigInteger(1, secretKey);
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new IllegalArgumentException("a secp256k1 secret key must be between 1 and n-1"
                + " (n = the curve order FFFF…4141); this one is " + (d.signum() == 0 ? "zero" : "not below n"));
        }
        return d;
    }

    private static void require32(String what, byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException("BIP-340 " + what + " must be 32 bytes; got "
                + (bytes == null ? "null" : bytes.length + " bytes"));
        }
    }
}
