package os2.distribution.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

import os2.kernel.api.GrantDeniedException;
import os2.kernel.api.Grants;
import os2.kernel.api.Os2Environment;
import os2.kernel.api.Output;
import os2.kernel.api.ProcessOutcome;
import os2.kernel.api.ProcessSpec;
import os2.kernel.api.Sandbox;
import os2.kernel.api.SecretStore;
import os2.kernel.api.Secrets;
import os2.kernel.api.Tool;
import os2.ledger.api.Entry;
import os2.ledger.api.Json;
import os2.ledger.api.Kinds;
import os2.ledger.api.Ledger;
import os2.ledger.api.Query;

/**
 * Grants enforced at the service registry, in a running framework, against a bundle that lacks
 * them (os2.plugins.rogue): it cannot see the sandbox, its component needing the sandbox stays
 * unsatisfied, a grant at run time binds it and a revoke unbinds it, without a restart; the tool
 * it registered without the right to is invisible to everyone else; every decision is on record.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GrantEnforcementTest {

	static final String ROGUE = "os2.plugins.rogue";
	private static final String SANDBOX_GET = "service:" + Sandbox.class.getName() + ":get";

	@InjectBundleContext
	BundleContext context;

	@InjectService
	Grants grants;

	@InjectService
	ServiceComponentRuntime runtime;

	@AfterEach
	void takeTheGrantsBack() {
		for (String grant : grants.held(ROGUE)) {
			grants.revoke(ROGUE, grant);
		}
	}

	@Test
	@Timeout(60)
	void theRoguesOwnSandboxChecksItsProcessAndNetworkGrantsOnEveryCall(@TempDir Path workspace) throws Exception {
		grants.grant(ROGUE, SANDBOX_GET);
		BundleContext rogue = rogue().getBundleContext();
		ServiceReference<Sandbox> reference = rogue.getServiceReference(Sandbox.class);
		Sandbox sandbox = rogue.getService(reference); // the factory makes the rogue its own
		try {
			ProcessSpec echo = ProcessSpec.builder(workspace, "echo", "inside").build();
			GrantDeniedException denied = assertThrows(GrantDeniedException.class, () -> sandbox.run(echo, discard()));
			assertEquals("os2.plugins.rogue has no grant for proc:echo; ./os2 --admin -c 'grant os2.plugins.rogue proc:echo'"
					+ " gives it",
					denied.getMessage());

			grants.grant(ROGUE, "proc:echo");
			// outside a run there is no run's workspace: the directory it works in is a bind like any other
			assertEquals("fs:" + workspace.toRealPath() + ":write",
					assertThrows(GrantDeniedException.class, () -> sandbox.run(echo, discard())).permission());
			grants.grant(ROGUE, "fs:" + workspace.toRealPath() + ":write");
			StringBuilder out = new StringBuilder();
			ProcessOutcome outcome = sandbox.run(echo, (stream, bytes, offset, length) -> out.append(new String(bytes, offset,
					length, StandardCharsets.UTF_8)));
			assertEquals(0, outcome.exitStatus());
			assertEquals("inside\n", out.toString());

			ProcessSpec online = ProcessSpec.builder(workspace, "echo", "online").network(true).build();
			assertEquals("net:*", assertThrows(GrantDeniedException.class, () -> sandbox.run(online, discard())).permission());
		} finally {
			rogue.ungetService(reference);
		}
	}

	@Test
	@Timeout(60)
	void aProcessWritesOutsideTheWorkspaceOnlyInItsBundlesOwnDirectoryOrWithAnFsGrant(@TempDir Path workspace,
			@TempDir Path elsewhere, @InjectService Os2Environment environment) throws Exception {
		grants.grant(ROGUE, SANDBOX_GET);
		grants.grant(ROGUE, "proc:sh");
		grants.grant(ROGUE, "fs:" + workspace.toRealPath() + ":write");
		Path own = environment.toolData(ROGUE).resolve("cache");
		Files.createDirectories(own);
		BundleContext rogue = rogue().getBundleContext();
		ServiceReference<Sandbox> reference = rogue.getServiceReference(Sandbox.class);
		Sandbox sandbox = rogue.getService(reference);
		try {
			ProcessOutcome inOwn = sandbox.run(ProcessSpec.builder(workspace, "sh", "-c", "echo kept > " + own + "/note")
					.writable(own).build(), discard());
			assertEquals(0, inOwn.exitStatus());
			assertEquals("kept\n", Files.readString(own.resolve("note")));

			ProcessSpec outside = ProcessSpec.builder(workspace, "sh", "-c", "echo no > " + elsewhere + "/note")
					.writable(elsewhere).build();
			GrantDeniedException denied = assertThrows(GrantDeniedException.class, () -> sandbox.run(outside, discard()));
			assertEquals("fs:" + elsewhere + ":write", denied.permission());
			assertFalse(Files.exists(elsewhere.resolve("note")));

			grants.grant(ROGUE, "fs:" + elsewhere + ":write");
			assertEquals(0, sandbox.run(outside, discard()).exitStatus());
			assertEquals("no\n", Files.readString(elsewhere.resolve("note")));
		} finally {
			rogue.ungetService(reference);
		}
	}

	@Test
	@Timeout(60)
	void aProcessReadsBeyondTheSystemOnlyWithAnFsGrantDecidedWhereALinkReallyLeads(@TempDir Path workspace,
			@TempDir Path elsewhere) throws Exception {
		grants.grant(ROGUE, SANDBOX_GET);
		grants.grant(ROGUE, "proc:sh");
		grants.grant(ROGUE, "fs:" + workspace.toRealPath() + ":write");
		Files.writeString(elsewhere.resolve("secret"), "s3cret\n");
		// a read grant binds the path, it does not change its modes: as root the sandbox is an
		// unprivileged uid, which needs the directory searchable like any other user (@TempDir is 0700)
		Files.setPosixFilePermissions(elsewhere, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
		Path link = Files.createSymbolicLink(workspace.resolve("link"), elsewhere); // as a sandboxed program could
		BundleContext rogue = rogue().getBundleContext();
		ServiceReference<Sandbox> reference = rogue.getServiceReference(Sandbox.class);
		Sandbox sandbox = rogue.getService(reference);
		try {
			ProcessSpec direct = ProcessSpec.builder(workspace, "sh", "-c", "cat " + elsewhere + "/secret").readOnly(elsewhere)
					.build();
			assertEquals("fs:" + elsewhere.toRealPath() + ":read",
					assertThrows(GrantDeniedException.class, () -> sandbox.run(direct, discard())).permission());
			ProcessSpec throughLink = ProcessSpec.builder(workspace, "sh", "-c", "cat " + link + "/secret").readOnly(link)
					.build();
			assertEquals("fs:" + elsewhere.toRealPath() + ":read",
					assertThrows(GrantDeniedException.class, () -> sandbox.run(throughLink, discard())).permission(),
					"a link in the workspace is decided where it leads");
			ProcessSpec system = ProcessSpec.builder(workspace, "sh", "-c", "test -d /usr/share").readOnly(Path.of("/usr/share"))
					.build();
			assertEquals(0, sandbox.run(system, discard()).exitStatus(), "the system directories need no grant");

			grants.grant(ROGUE, "fs:" + elsewhere.toRealPath() + ":read");
			StringBuilder out = new StringBuilder();
			assertEquals(0, sandbox.run(direct, (stream, bytes, offset, length) -> out.append(new String(bytes, offset, length,
					StandardCharsets.UTF_8))).exitStatus());
			assertEquals("s3cret\n", out.toString());
		} finally {
			rogue.ungetService(reference);
		}
	}

	private static Output discard() {
		return (stream, bytes, offset, length) -> {
		};
	}

	@Test
	void theRogueCannotFindTheSandbox() throws Exception {
		BundleContext rogue = rogue().getBundleContext();
		assertNull(rogue.getServiceReferences(Sandbox.class, null).stream().findAny().orElse(null));
		assertNotNull(context.getServiceReference(Sandbox.class), "this test bundle holds the grant and sees it");
	}

	@Test
	void aServiceTrackerOfTheRogueNeverSeesTheSandbox() {
		ServiceTracker<Sandbox, Sandbox> tracker = new ServiceTracker<>(rogue().getBundleContext(), Sandbox.class, null);
		tracker.open();
		try {
			assertEquals(0, tracker.size());
		} finally {
			tracker.close();
		}
	}

	@Test
	@Timeout(30)
	void aGrantAtRunTimeBindsTheRoguesComponentAndARevokeUnbindsIt() throws Exception {
		assertEquals(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, sandboxUserState());

		grants.grant(ROGUE, SANDBOX_GET);
		await(() -> sandboxUserState() == ComponentConfigurationDTO.ACTIVE, "the rogue's component to bind the sandbox");

		grants.revoke(ROGUE, SANDBOX_GET);
		await(() -> sandboxUserState() == ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
				"the rogue's component to let the sandbox go");
	}

	@Test
	@Timeout(30)
	void aConfigAdminLayerGrantsLiveAndItsRemovalTakesItBack(@InjectService ConfigurationAdmin configurations) throws Exception {
		Configuration policy = configurations.getConfiguration("os2.policy", "?");
		Hashtable<String, Object> layer = new Hashtable<>();
		layer.put("json", "{\"bundles\": {\"" + ROGUE + "\": {\"grants\": [\"" + SANDBOX_GET + "\"]}}}");
		policy.update(layer);
		try {
			await(() -> sandboxUserState() == ComponentConfigurationDTO.ACTIVE, "the configured grant to bind the sandbox");
		} finally {
			policy.delete();
		}
		await(() -> sandboxUserState() == ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
				"the grant to go with its configuration");
	}

	/**
	 * Another OS2 process of the home (an interactive shell beside the daemon) changes the user's
	 * policy file: the next lookup here decides by it at once, a component waiting for the service
	 * binds without anything here being asked, and a grant made here afterwards starts from the
	 * file as the other process left it, not from this process's copy.
	 */
	@Test
	@Timeout(30)
	void aChangeAnotherProcessMakesIsInForceAtTheNextLookupAndAGrantHereKeepsIt(@InjectService Os2Environment environment)
			throws Exception {
		Path policy = environment.home().resolve("etc").resolve("policy.json");
		BundleContext rogue = rogue().getBundleContext();
		assertNull(rogue.getServiceReference(Sandbox.class));

		asAnotherProcess(policy, List.of(SANDBOX_GET, "proc:echo"));
		await(() -> sandboxUserState() == ComponentConfigurationDTO.ACTIVE,
				"the rogue's component to bind the sandbox granted elsewhere");
		assertNotNull(rogue.getServiceReference(Sandbox.class));
		assertEquals(List.of(SANDBOX_GET, "proc:echo"), grants.held(ROGUE));

		asAnotherProcess(policy, List.of("proc:echo"));
		assertNull(rogue.getServiceReference(Sandbox.class), "the rogue's next lookup misses the sandbox revoked elsewhere");
		await(() -> sandboxUserState() == ComponentConfigurationDTO.UNSATISFIED_REFERENCE,
				"the rogue's component to let go of the sandbox revoked elsewhere");

		grants.grant(ROGUE, "proc:true");
		assertEquals(List.of("proc:echo", "proc:true"), grants.held(ROGUE), "the grant here brought the revoked one back");
		assertFalse(Files.readString(policy).contains(SANDBOX_GET));
	}

	/** Sets the rogue's grants in the user's policy file as another OS2 process would: under its lock, replaced whole. */
	@SuppressWarnings("unchecked")
	private static void asAnotherProcess(Path policy, List<String> rogueGrants) throws Exception {
		try (FileChannel lock = FileChannel.open(policy.resolveSibling("policy.lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE); FileLock held = lock.lock()) {
			Map<String, Object> layer = Files.exists(policy) ? new LinkedHashMap<>((Map<String, Object>) Json.parse(Files.readString(policy)))
					: new LinkedHashMap<>();
			Map<String, Object> bundles = new LinkedHashMap<>((Map<String, Object>) layer.getOrDefault("bundles", Map.of()));
			bundles.put(ROGUE, Map.of("grants", rogueGrants));
			layer.put("bundles", bundles);
			Path written = Files.writeString(policy.resolveSibling("policy.json.other"), Json.pretty(layer));
			Files.move(written, policy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	@Test
	void aToolRegisteredWithoutTheGrantIsInvisible() throws Exception {
		List<String> tools = context.getServiceReferences(Tool.class, null).stream()
				.map(reference -> reference.getBundle().getSymbolicName())
				.toList();
		assertTrue(!tools.contains(ROGUE), "tools seen: " + tools);
		ServiceReference<?>[] all = rogue().getRegisteredServices();
		assertTrue(Arrays.stream(all).anyMatch(r -> Arrays.asList((String[]) r.getProperty("objectClass")).contains(Tool.class.getName())),
				"the rogue did register a tool");
	}

	@Test
	@Timeout(30)
	void aGrantToRegisterMakesTheToolAppearToTrackersAlreadyOpenAndARevokeTakesItAway() throws Exception {
		ServiceTracker<Tool, Tool> tools = new ServiceTracker<>(context, Tool.class, null);
		tools.open();
		try {
			BooleanSupplier rogueTool = () -> Arrays.stream(Objects.requireNonNullElse(tools.getServiceReferences(), new ServiceReference<?>[0]))
					.anyMatch(reference -> reference.getBundle().getSymbolicName().equals(ROGUE));
			assertFalse(rogueTool.getAsBoolean(), "the rogue's tool is hidden before the grant");

			grants.grant(ROGUE, "service:" + Tool.class.getName() + ":register");
			await(rogueTool, "the rogue's tool to appear to the open tracker");

			grants.revoke(ROGUE, "service:" + Tool.class.getName() + ":register");
			await(() -> !rogueTool.getAsBoolean(), "the rogue's tool to disappear from the open tracker");
		} finally {
			tools.close();
		}
	}

	@Test
	@Timeout(30)
	void denialsAndGrantsAreOnRecord(@InjectService Ledger ledger) throws Exception {
		rogue().getBundleContext().getServiceReferences(Sandbox.class, null);
		grants.grant(ROGUE, SANDBOX_GET);
		await(() -> decisions(ledger).stream().anyMatch(e -> e.payload().get("bundle").equals(ROGUE)
				&& e.payload().get("allowed").equals(false) && e.payload().get("permission").equals(SANDBOX_GET)),
				"a recorded denial of " + SANDBOX_GET);
		await(() -> decisions(ledger).stream().anyMatch(e -> e.payload().get("bundle").equals(ROGUE)
				&& e.payload().get("allowed").equals(true) && e.payload().get("grant").equals(SANDBOX_GET)),
				"a recorded allowance naming the grant");
		assertTrue(ledger.query(new Query(null, null, "grant-change", 0, Integer.MAX_VALUE)).stream()
				.anyMatch(e -> e.payload().get("bundle").equals(ROGUE) && e.payload().get("change").equals("grant")));
	}

	/**
	 * The services that change authority are hidden from a tool whatever the policy says; a secret
	 * is revealed only with its grant, the decisions are on record, and the value never is.
	 */
	@Test
	@Timeout(30)
	void aToolSeesNoGrantsNorTheSecretStoreAndGetsASecretOnlyWithItsGrant(@InjectService SecretStore store,
			@InjectService Ledger ledger) throws Exception {
		BundleContext rogue = rogue().getBundleContext();
		assertTrue(rogue.getServiceReferences(Grants.class, null).isEmpty(), "the rogue sees Grants");
		assertTrue(rogue.getServiceReferences(SecretStore.class, null).isEmpty(), "the rogue sees the SecretStore");

		String value = "tok-" + System.nanoTime();
		store.set("rogue-test", value);
		ServiceReference<Secrets> reference = rogue.getServiceReference(Secrets.class);
		Secrets secrets = rogue.getService(reference);
		try {
			GrantDeniedException denied = assertThrows(GrantDeniedException.class, () -> secrets.reveal("rogue-test"));
			assertEquals("secret:rogue-test", denied.permission());

			grants.grant(ROGUE, "secret:rogue-test");
			assertEquals(value, secrets.reveal("rogue-test"));
			assertThrows(GrantDeniedException.class, () -> secrets.reveal("another"));
		} finally {
			rogue.ungetService(reference);
			store.remove("rogue-test");
		}
		await(() -> decisions(ledger).stream().anyMatch(e -> e.payload().get("bundle").equals(ROGUE)
				&& e.payload().get("allowed").equals(true) && e.payload().get("permission").equals("secret:rogue-test")),
				"the recorded allowance of the secret");
		List<Entry> changes = ledger.query(new Query(null, null, "secret-change", 0, Integer.MAX_VALUE));
		assertTrue(changes.stream().anyMatch(e -> e.payload().equals(Map.of("change", "set", "name", "rogue-test"))), changes::toString);
		assertTrue(changes.stream().anyMatch(e -> e.payload().equals(Map.of("change", "remove", "name", "rogue-test"))), changes::toString);
		List<Entry> everything = ledger.query(new Query(null, null, null, 0, Integer.MAX_VALUE));
		assertFalse(everything.stream().anyMatch(e -> e.payload().toString().contains(value)), "the value is in the ledger");
	}

	private static List<Entry> decisions(Ledger ledger) {
		return ledger.query(new Query(null, null, Kinds.GRANT_DECISION, 0, Integer.MAX_VALUE));
	}

	private Bundle rogue() {
		return Arrays.stream(context.getBundles()).filter(b -> ROGUE.equals(b.getSymbolicName())).findFirst().orElseThrow();
	}

	private int sandboxUserState() {
		for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs(rogue())) {
			if (description.name.endsWith("SandboxUser")) {
				return runtime.getComponentConfigurationDTOs(description).stream().findFirst()
						.map(configuration -> configuration.state).orElse(-1);
			}
		}
		throw new AssertionError("the rogue bundle has no SandboxUser component");
	}

	/** Waits for what the framework does on its own threads; each test's {@code @Timeout} bounds the wait. */
	private static void await(BooleanSupplier condition, String what) {
		while (!condition.getAsBoolean()) {
			try {
				Thread.sleep(20);
			} catch (InterruptedException timedOut) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted waiting for " + what, timedOut);
			}
		}
	}
}
