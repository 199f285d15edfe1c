package os2.kernel.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import os2.kernel.api.Tool;

class ToolNamesTest {

	@Test
	void theFilterOfANameMatchesThatNameAlone() throws Exception {
		Filter python = FrameworkUtil.createFilter(ToolNames.filter("python"));

		assertEquals("(os2.tool.name=python)", ToolNames.filter("python"));
		assertTrue(python.matches(Map.of(Tool.NAME_PROPERTY, "python")));
		assertFalse(python.matches(Map.of(Tool.NAME_PROPERTY, "pythonx")));
		assertFalse(python.matches(Map.of(Tool.NAME_PROPERTY, "pyx")));
	}

	@Test
	void whatIsNoToolNameNeverBecomesAFilter() {
		for (String name : List.of("*", "py*", "(python)", "python)(os2.tool.name=*", "a\\b", "Python", "", "9lives",
				"-x", "with space")) {
			assertThrows(IllegalArgumentException.class, () -> ToolNames.filter(name), name);
		}
		assertThrows(IllegalArgumentException.class, () -> ToolNames.filter(null));
	}

	@Test
	void anEscapedValueMatchesItselfAndNothingWider() throws Exception {
		assertEquals("a\\*b\\(c\\)d\\\\e", ToolNames.escape("a*b(c)d\\e"));
		for (String value : List.of("*", "a*", "x)(y=*", "back\\slash", "(")) {
			Filter exact = FrameworkUtil.createFilter("(" + Tool.NAME_PROPERTY + "=" + ToolNames.escape(value) + ")");
			assertTrue(exact.matches(Map.of(Tool.NAME_PROPERTY, value)), value);
			assertFalse(exact.matches(Map.of(Tool.NAME_PROPERTY, "anything")), value);
		}
	}

	@Test
	void theFirstRegisteredComesFirstWhateverItsRanking() {
		ServiceReference<?> early = reference(Map.of(Constants.SERVICE_ID, 7L, Constants.SERVICE_RANKING, 0));
		ServiceReference<?> ranked = reference(Map.of(Constants.SERVICE_ID, 42L, Constants.SERVICE_RANKING, 1000));
		ServiceReference<?> late = reference(Map.of(Constants.SERVICE_ID, 99L));
		List<ServiceReference<?>> references = new ArrayList<>(List.of(late, ranked, early));

		references.sort(ToolNames.precedence(bundle -> false));

		assertEquals(List.of(early, ranked, late), references);
	}

	@Test
	void oneOfOs2sOwnBundlesComesBeforeAnyOtherHoweverLateItRegistered() {
		Bundle own = bundle();
		ServiceReference<?> early = reference(Map.of(Constants.SERVICE_ID, 7L, Constants.SERVICE_RANKING, 1000));
		ServiceReference<?> ownLate = reference(Map.of(Constants.SERVICE_ID, 99L), own);
		List<ServiceReference<?>> references = new ArrayList<>(List.of(early, ownLate));

		references.sort(ToolNames.precedence(bundle -> bundle == own));

		assertEquals(List.of(ownLate, early), references);
	}

	@Test
	void aServiceWithoutATextNameOrWithANameThatIsNoToolNameIsRefusedSayingWhy() {
		assertEquals(Optional.of("the Tool service 5 of a bundle gone carries no os2.tool.name property, so it is no tool;"
				+ " a tool carries its name there"), ToolNames.refusal(reference(Map.of(Constants.SERVICE_ID, 5L))));
		assertEquals(Optional.of("the Tool service 6 of a bundle gone carries no os2.tool.name property, so it is no tool;"
				+ " a tool carries its name there"),
				ToolNames.refusal(reference(Map.of(Constants.SERVICE_ID, 6L, Tool.NAME_PROPERTY, new String[] {"git"}))));
		assertEquals(Optional.of("the Tool service 8 of a bundle gone is named 'Git*' in os2.tool.name, which is no tool"
				+ " name (a lower-case word, like 'python'), so it is no tool"),
				ToolNames.refusal(reference(Map.of(Constants.SERVICE_ID, 8L, Tool.NAME_PROPERTY, "Git*"))));
		assertEquals(Optional.empty(), ToolNames.refusal(reference(Map.of(Constants.SERVICE_ID, 9L, Tool.NAME_PROPERTY, "git"))));
	}

	/** A service reference with these properties, registered by no bundle (one that has gone). */
	private static ServiceReference<?> reference(Map<String, Object> properties) {
		return reference(properties, null);
	}

	private static Bundle bundle() {
		return (Bundle) Proxy.newProxyInstance(ToolNamesTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
				(proxy, method, arguments) -> switch (method.getName()) {
					case "equals" -> proxy == arguments[0];
					case "hashCode" -> System.identityHashCode(proxy);
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

	private static ServiceReference<?> reference(Map<String, Object> properties, Bundle bundle) {
		return (ServiceReference<?>) Proxy.newProxyInstance(ToolNamesTest.class.getClassLoader(),
				new Class<?>[] {ServiceReference.class}, (proxy, method, arguments) -> switch (method.getName()) {
					case "getProperty" -> properties.get((String) arguments[0]);
					case "getBundle" -> bundle;
					case "equals" -> proxy == arguments[0];
					case "hashCode" -> System.identityHashCode(proxy);
					case "toString" -> "service " + properties.get(Constants.SERVICE_ID);
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}
}
