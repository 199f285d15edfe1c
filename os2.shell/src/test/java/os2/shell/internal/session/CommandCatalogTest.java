package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;

import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import os2.kernel.api.CommandClass;

/**
 * The catalog keeps what it read of a command between lines, and still follows the registry: a
 * command that comes, is declared anew or goes is seen so on the next lookup. A real Felix.
 */
class CommandCatalogTest {

	@TempDir
	Path storage;

	private Framework framework;
	private CommandCatalog catalog;

	@BeforeEach
	void start() throws Exception {
		framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
				.newFramework(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(), Constants.FRAMEWORK_STORAGE_CLEAN,
						Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
		framework.start();
		catalog = new CommandCatalog(framework.getBundleContext());
	}

	@AfterEach
	void stop() throws Exception {
		catalog.close();
		framework.stop();
		framework.waitForStop(10_000);
	}

	private static Hashtable<String, Object> declaredAs(String effect) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put("osgi.command.scope", CommandCatalog.SCOPE);
		properties.put("osgi.command.function", "probe");
		properties.put(CommandCatalog.EFFECT_PROPERTY_PREFIX + "probe", effect);
		return properties;
	}

	private ServiceRegistration<Function> register(String effect) {
		Function probe = (session, arguments) -> "probed";
		return framework.getBundleContext().registerService(Function.class, probe, declaredAs(effect));
	}

	@Test
	void aCommandIsFoundWhenItComesAndKeptBetweenLookups() {
		assertFalse(catalog.declared("probe").isPresent());

		register("read-only");

		DeclaredCommand first = catalog.declared("probe").orElseThrow();
		assertEquals(CommandClass.READ_ONLY, first.commandClass());
		assertSame(first, catalog.declared("probe").orElseThrow(), "read again though nothing changed");
	}

	@Test
	void aCommandDeclaredAnewIsSeenSoAndOneThatWentIsGone() {
		ServiceRegistration<Function> registration = register("read-only");
		assertTrue(catalog.declared("probe").orElseThrow().agentsMayRun(java.util.List.of()));

		registration.setProperties(declaredAs("admin"));
		assertFalse(catalog.declared("probe").orElseThrow().agentsMayRun(java.util.List.of()),
				"the old declaration was kept after the service changed");

		registration.unregister();
		assertFalse(catalog.declared("probe").isPresent(), "a command that went is still found");
	}

	// replay --verify asks this of each run it would run again for an agent: a command gone since is
	// not refused here (running it says it is unknown), one an agent may not run is
	@Test
	void aCommandIsRefusedToAgentsOnlyWhenItIsThereAndTheirsToRunItIsNot() {
		assertFalse(catalog.refusedToAgents("probe", java.util.List.of()), "a command that is not there");

		ServiceRegistration<Function> registration = register("read-only");
		assertFalse(catalog.refusedToAgents("probe", java.util.List.of()));

		registration.setProperties(declaredAs("admin"));
		assertTrue(catalog.refusedToAgents("probe", java.util.List.of()));
	}
}
