package os2.shell.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import os2.kernel.api.Arguments;
import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.Os2Environment;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.Ledger;
import os2.shell.internal.session.FrontEnd;
import os2.shell.internal.session.Os2Command;
import os2.shell.internal.session.TrustedBundles;
import os2.shell.internal.session.UsageException;
import os2.shell.internal.trust.BundleJar;
import os2.shell.internal.trust.JarContent;
import os2.shell.internal.trust.TrustedJars;
import os2.shell.internal.trust.Verdicts;

/**
 * {@code trust list}, {@code trust add JAR}, {@code trust remove JAR}: which jars outside OS2's
 * distribution may run as Java, and hold the grants given to their names, by their SHA-256.
 * Trusting starts the bundles of that jar at once; taking trust back stops them and drops their
 * wiring. A jar with no Java code runs either way: trusting it binds its name's grants to it. Each change is a {@code trust} entry in the
 * ledger. Only an administrator session may change it: a Java bundle runs with the owner's full
 * authority, which no grant limits.
 */
@Component(service = Os2Command.class)
public final class TrustCommand implements Os2Command {

	/** The ledger entry kind of a trust decision. */
	static final String KIND = "trust";

	private static final CommandSpec.Parameter JAR = CommandSpec.Parameter.one("JAR", CommandSpec.Type.TEXT,
			"the jar's SHA-256 (as sha256sum prints it), or an installed bundle's id or name");
	private static final CommandSpec SPEC = CommandSpec.of("trust",
			"which jars outside OS2's distribution may run as Java (with your full authority), by their SHA-256",
			CommandSpec.Form.sub("list"), CommandSpec.Form.sub("add", JAR).as(CommandClass.ADMINISTRATOR),
			CommandSpec.Form.sub("remove", JAR).as(CommandClass.ADMINISTRATOR));

	private final BundleContext context;
	private final TrustedJars trusted;
	private final TrustedBundles inLine;
	private final Ledger ledger;

	@Activate
	public TrustCommand(BundleContext context, @Reference Os2Environment environment, @Reference Ledger ledger,
			@Reference TrustedBundles bundles) {
		this.context = context;
		this.inLine = bundles;
		this.trusted = new TrustedJars(environment.home());
		this.ledger = ledger;
	}

	@Override
	public CommandSpec spec() {
		return SPEC;
	}

	@Override
	public Object run(FrontEnd frontEnd, Arguments arguments) {
		if (arguments.subcommand().equals("list")) {
			list(frontEnd.out());
			return null;
		}
		Jar jar = jar(arguments.parameter(JAR.name()).orElseThrow());
		try {
			return arguments.subcommand().equals("add") ? add(jar) : remove(jar);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot change " + trusted.file() + ": " + e.getMessage(), e);
		}
	}

	/** A jar named on the command line: its hash, and the installed bundles made from it. */
	private record Jar(String sha256, List<Bundle> bundles) {

		String name() {
			return bundles.isEmpty() ? "-" : bundles.getFirst().getSymbolicName();
		}

		String version() {
			return bundles.isEmpty() ? "-" : bundles.getFirst().getVersion().toString();
		}
	}

	private Jar jar(String named) {
		if (TrustedJars.isSha256(named)) {
			return new Jar(named, bundlesOf(named));
		}
		for (Bundle bundle : context.getBundles()) {
			if (named.equals(String.valueOf(bundle.getBundleId())) || named.equals(bundle.getSymbolicName())) {
				if (Verdicts.of(context, bundle).filter("core"::equals).isPresent()) {
					throw new UsageException(describe(bundle) + " is part of OS2 itself: it runs without trust");
				}
				String sha256 = BundleJar.sha256(bundle).orElseThrow(() -> new UsageException("the jar of " + describe(bundle)
						+ " cannot be read; trust it by its SHA-256 (sha256sum FILE)"));
				return new Jar(sha256, bundlesOf(sha256));
			}
		}
		throw new UsageException("no installed bundle is '" + named + "'; name a jar by its SHA-256 (sha256sum FILE), or a"
				+ " bundle by the id or name 'trust list' shows");
	}

	private String add(Jar jar) throws IOException {
		for (Bundle bundle : jar.bundles()) {
			String verdict = Verdicts.of(context, bundle).orElse("");
			if (verdict.equals("core") || verdict.equals("claims-core-name")) {
				throw new UsageException(describe(bundle) + " " + (verdict.equals("core") ? "is part of OS2 itself"
						: "carries the name of one of OS2's own bundles, which only OS2's distribution may install")
						+ "; it is not trusted");
			}
			if (verdict.equals("by-reference")) {
				throw new UsageException(describe(bundle) + " was installed by reference: the file it runs from could change"
						+ " after it is trusted; install a copy (drop the jar into deploy/) and trust that");
			}
		}
		boolean codeFree = !jar.bundles().isEmpty() && jar.bundles().stream().noneMatch(TrustCommand::holdsCode);
		boolean added = trusted.add(new TrustedJars.Trusted(jar.sha256(), jar.name(), jar.version()));
		if (added) {
			record("add", jar);
		}
		List<String> done = inLine.apply();
		String what = jar.bundles().isEmpty() ? "the jar " + jar.sha256() + " (not installed yet)"
				: jar.name() + " " + jar.version() + " (" + jar.sha256() + ")";
		String means = codeFree ? "it holds no Java code; the grants given to its name now hold for it"
				: "it runs as Java, with your full authority, and holds the grants given to its name";
		return (added ? "trusted " : "already trusted: ") + what + "; " + means
				+ (done.isEmpty() ? "" : "\n" + String.join("\n", done));
	}

	private String remove(Jar jar) throws IOException {
		TrustedJars.Trusted removed = trusted.remove(jar.sha256());
		if (removed == null) {
			throw new UsageException("the jar " + jar.sha256() + " is not trusted; 'trust list' shows those that are");
		}
		record("remove", jar);
		List<String> done = inLine.apply();
		return "no longer trusted: " + removed.name() + " " + removed.version() + " (" + jar.sha256() + ")"
				+ (done.isEmpty() ? "" : "\n" + String.join("\n", done));
	}

	/** Whether the bundle's jar holds Java code (or cannot be read, and so may). */
	private static boolean holdsCode(Bundle bundle) {
		try {
			Optional<Path> jar = BundleJar.of(bundle);
			return jar.isEmpty() || JarContent.code(jar.get()).isPresent();
		} catch (IOException unreadable) {
			return true;
		}
	}

	private void record(String action, Jar jar) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("action", action);
		payload.put("sha256", jar.sha256());
		payload.put("bundle", jar.name());
		payload.put("version", jar.version());
		payload.put("locations", jar.bundles().stream().map(Bundle::getLocation).toList());
		ledger.append(new EntryDraft(KIND, "", "", 0, payload));
	}

	private void list(PrintStream out) {
		boolean any = false;
		for (Bundle bundle : context.getBundles()) {
			String verdict = Verdicts.of(context, bundle).orElse("unknown");
			if (verdict.equals("core")) {
				continue;
			}
			any = true;
			out.printf("%3d  %-16s %s %s  %s  %s%n", bundle.getBundleId(), verdict, bundle.getSymbolicName(),
					bundle.getVersion(), BundleJar.sha256(bundle).orElse("(unreadable)"), bundle.getLocation());
		}
		for (TrustedJars.Trusted jar : trusted.all()) {
			if (bundlesOf(jar.sha256()).isEmpty()) {
				any = true;
				out.printf("  -  %-16s %s %s  %s  (not installed)%n", "trusted", jar.name(), jar.version(), jar.sha256());
			}
		}
		if (!any) {
			out.println("no bundles besides OS2's own, and no jar trusted");
		}
	}

	private List<Bundle> bundlesOf(String sha256) {
		List<Bundle> bundles = new ArrayList<>();
		for (Bundle bundle : context.getBundles()) {
			boolean core = Verdicts.of(context, bundle).filter("core"::equals).isPresent();
			if (!core && BundleJar.sha256(bundle).filter(sha256::equals).isPresent()) {
				bundles.add(bundle);
			}
		}
		return bundles;
	}


	private static String describe(Bundle bundle) {
		return bundle.getSymbolicName() + " " + bundle.getVersion() + " (bundle " + bundle.getBundleId() + ")";
	}
}
