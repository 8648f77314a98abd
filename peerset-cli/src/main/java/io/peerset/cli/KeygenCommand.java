package io.peerset.cli;

import io.peerset.api.Identity;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerset keygen}: a fresh Nostr key pair, nsec line then npub line. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Generates a new key pair and prints it as two lines: the secret key (nsec1…), then the public key (npub1…).",
        "Keep the nsec secret: anyone holding it can sign records as you."})
final class KeygenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Identity identity = Identity.generate();
        PrintWriter out = spec.commandLine().getOut();
        out.println(identity.nsec());
        out.println(identity.npub());
        out.flush();
    }
}
