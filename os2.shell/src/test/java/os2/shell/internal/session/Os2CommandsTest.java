package os2.shell.internal.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;

import os2.kernel.api.CommandClass;
import os2.kernel.api.CommandSpec;
import os2.kernel.api.CommandSpec.Form;
import os2.kernel.api.CommandSpec.Option;
import os2.kernel.api.CommandSpec.Parameter;
import os2.kernel.api.CommandSpec.Type;

class Os2CommandsTest {

	private static final CommandSpec SPEC = CommandSpec.of("book", "keep a book",
			Form.sub("show").with(Option.flag("--json", "as JSON")),
			Form.sub("add", Parameter.one("TITLE", Type.TEXT, "its title"), Parameter.refused("SECRET", "no secrets"))
					.as(CommandClass.EFFECTFUL),
			Form.sub("burn").as(CommandClass.ADMINISTRATOR));

	@Test
	void aSpecMakesTheServicePropertiesTheCatalogAndTheDispatchRead() {
		Hashtable<String, Object> properties = Os2Commands.properties(SPEC);

		assertEquals("read-only", properties.get("os2.effect.book"));
		assertEquals("effectful", properties.get("os2.effect.book.add"));
		assertEquals("admin", properties.get("os2.effect.book.burn"));
		assertNull(properties.get("os2.effect.book.show")); // the command's own class
		assertNull(properties.get("os2.input.book"));
		assertEquals("data", Os2Commands.properties(SPEC.readingInput()).get("os2.input.book"));
		assertArrayEquals(new String[] {"book show [--json]", "book add TITLE", "book burn"},
				(String[]) properties.get("os2.usage.book"));
		assertArrayEquals(new String[] {"show", "add", "burn"}, (String[]) properties.get("os2.subcommands.book"));
		assertArrayEquals(new String[] {"--json\tas JSON", "TITLE\tits title"}, (String[]) properties.get("os2.parameters.book"));
	}

	@Test
	void anAgentMayRunWhatTheDeclarationAllowsIt() {
		DeclaredCommand declared = CommandCatalog.declaration(Os2Commands.properties(SPEC), "book", null);

		assertEquals(CommandClass.EFFECTFUL, declared.classOf(List.of("add", "Dune")));
		assertTrue(declared.agentsMayRun(List.of("show")));
		assertFalse(declared.agentsMayRun(List.of("burn")));
	}
}
