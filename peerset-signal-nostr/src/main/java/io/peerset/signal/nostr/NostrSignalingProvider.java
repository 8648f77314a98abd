package io.peerset.signal.nostr;

import io.peerset.api.spi.SignalingProvider;
import io.peerset.api.spi.SignalingStrategy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code "nostr"} signalling provider: Trystero's nostr strategy over public relays.
 *
 * <p>{@link #defaultUrls()} is Trystero 0.25.4's whole default relay list, in its order.
 * Trystero itself uses only 5 of them per app, picked by a shuffle seeded with the app
 * id; {@link #relaysForApp(String)} makes the same pick, so that Java and browser peers
 * of one app meet on the same relays.
 */
public final class NostrSignalingProvider implements SignalingProvider {
    /** How many default relays Trystero uses per app. */
    public static final int DEFAULT_REDUNDANCY = 5;

    private static final List<URI> DEFAULT_URLS = List.of(
            "basspistol.org",
            "bucket.coracle.social",
            "chorus.pjv.me",
            "koru.bitcointxoko.org",
            "nos.lol",
            "nostr-01.uid.ovh",
            "nostr-01.yakihonne.com",
            "nostr-relay.corb.net",
            "nostr.data.haus",
            "nostr.islandarea.net",
            "nostr.sathoarder.com",
            "nostr.tegila.com.br",
            "nostr.vulpem.com",
            "purplerelay.com",
            "relay-can.zombi.cloudrodion.com",
            "relay-rpi.edufeed.org",
            "relay.agorist.space",
            "relay.artio.inf.unibe.ch",
            "relay.mostr.pub",
            "relay.mostro.network",
            "relay.sigit.io",
            "relay02.lnfi.network",
            "schnorr.me",
            "social.amanah.eblessing.co",
            "staging.yabu.me",
            "strfry.shock.network",
            "top.testrelay.top",
            "yabu.me/v2").stream().map(h -> URI.create("wss://" + h)).toList();

    private final NostrSignaling.Options options;

    /** With default {@link NostrSignaling.Options} (used by ServiceLoader). */
    public NostrSignalingProvider() {
        this(NostrSignaling.Options.builder().build());
    }

    /** With the given options for every strategy it opens. */
    public NostrSignalingProvider(NostrSignaling.Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public String name() {
        return "nostr";
    }

    @Override
    public List<URI> defaultUrls() {
        return DEFAULT_URLS;
    }

    /**
     * @throws IllegalArgumentException naming a URL that is not {@code ws://} or {@code wss://}, or an empty list
     */
    @Override
    public SignalingStrategy open(List<URI> urls) {
        return new NostrSignaling(urls, options);
    }

    /** The {@value #DEFAULT_REDUNDANCY} default relays Trystero uses for this app id. */
    public static List<URI> relaysForApp(String appId) {
        return relaysForApp(appId, DEFAULT_URLS, DEFAULT_REDUNDANCY);
    }

    /**
     * Trystero's pick of relays for an app: the list shuffled with a seed made from the app
     * id (the sum of its UTF-16 code units), then the first {@code redundancy}.
     */
    public static List<URI> relaysForApp(String appId, List<URI> urls, int redundancy) {
        Objects.requireNonNull(appId, "appId");
        if (redundancy < 1) {
            throw new IllegalArgumentException("redundancy must be at least 1; got " + redundancy);
        }
        List<URI> a = new ArrayList<>(urls);
        double seed = 0;
        for (int i = 0; i < appId.length(); i++) {
            seed += appId.charAt(i);
        }
        int i = a.size();
        while (i > 0) {
            double x = StrictMath.sin(seed++) * 1e4;
            double r = x - Math.floor(x);
            int j = (int) Math.floor(r * i);
            i--;
            URI tmp = a.get(i);
            a.set(i, a.get(j));
            a.set(j, tmp);
        }
        return List.copyOf(a.subList(0, Math.min(redundancy, a.size())));
    }
}
