package os2.kernel.internal.budget;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

import os2.kernel.api.KernelException;

/**
 * Counts tokens of text the way a model reading it would, with a JTokkit byte-pair encoding chosen
 * by name. Thread-safe; cheap to create, since the encoding is loaded on the first count.
 *
 * <p>
 * Text is counted as ordinary text: a tool printing {@code <|endoftext|>} gets it counted as the
 * characters it is (JTokkit's plain {@code countTokens} would throw on it).
 */
public final class TokenCounter {

	/** The encoding of current OpenAI models (GPT-4o and later). */
	public static final String DEFAULT_ENCODING = "o200k_base";

	/** The encodings the kernel bundle carries (bnd.bnd embeds only their tables). */
	public static final List<String> KNOWN_ENCODINGS = List.of(DEFAULT_ENCODING, "cl100k_base");

	/**
	 * Loaded encodings by name, shared by every counter in the JVM. Loading one parses a table of
	 * 100,000 or 200,000 merges (100+ ms, tens of MB), and a counter is made per run: paying that
	 * per run would dwarf the runs. An encoding is immutable and thread-safe once built, so sharing
	 * it is safe; the map lives in this bundle's class loader and goes with the bundle.
	 */
	private static final Map<String, Encoding> LOADED = new ConcurrentHashMap<>();

	private final String encodingName;

	/** A counter with {@link #DEFAULT_ENCODING}. */
	public TokenCounter() {
		this(DEFAULT_ENCODING);
	}

	/**
	 * @param encodingName one of {@link #KNOWN_ENCODINGS}
	 * @throws KernelException for any other name
	 */
	public TokenCounter(String encodingName) {
		if (!KNOWN_ENCODINGS.contains(encodingName)) {
			throw new KernelException("unknown token encoding " + (encodingName == null ? "null" : "'" + encodingName + "'")
					+ "; known encodings: " + String.join(", ", KNOWN_ENCODINGS));
		}
		this.encodingName = encodingName;
	}

	public String encodingName() {
		return encodingName;
	}

	/** Tokens of {@code text}, as one piece. */
	public int count(String text) {
		Objects.requireNonNull(text, "text");
		return text.isEmpty() ? 0 : encoding().countTokensOrdinary(text);
	}

	/**
	 * The length of the longest prefix of {@code text} that counts at most {@code maxTokens} on its
	 * own. A prefix ends where one of the text's tokens ends, so it never splits a character.
	 */
	int fittingPrefixLength(String text, long maxTokens) {
		if (maxTokens <= 0 || text.isEmpty()) {
			return 0;
		}
		Encoding encoding = encoding();
		int limit = (int) Math.min(maxTokens, Integer.MAX_VALUE);
		while (limit > 0) {
			EncodingResult result = encoding.encodeOrdinary(text, limit);
			if (!result.isTruncated()) {
				return text.length();
			}
			int length = result.getLastProcessedCharacterIndex() + 1;
			// Counted alone, a cut-off prefix can take a token or two more than it did inside the text.
			int alone = count(text.substring(0, length));
			if (alone <= maxTokens) {
				return length;
			}
			limit -= Math.max(1, (int) (alone - maxTokens));
		}
		return 0;
	}

	/**
	 * Where the longest suffix of {@code text} that counts at most {@code maxTokens} on its own
	 * begins: 0 when all of it fits, {@code text.length()} when nothing does. Never inside a
	 * character.
	 */
	int fittingSuffixStart(String text, long maxTokens) {
		if (maxTokens <= 0 || text.isEmpty()) {
			return text.length();
		}
		Encoding encoding = encoding();
		IntArrayList tokens = encoding.encodeOrdinary(text);
		if (tokens.size() <= maxTokens) {
			return 0;
		}
		int keep = (int) maxTokens;
		while (keep > 0) {
			IntArrayList last = new IntArrayList(keep);
			for (int i = tokens.size() - keep; i < tokens.size(); i++) {
				last.add(tokens.get(i));
			}
			byte[] bytes = encoding.decodeBytes(last);
			// A token is bytes, not characters: skip the tail of a character cut by the first one.
			int from = 0;
			while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
				from++;
			}
			// UTF-8 maps each char of the text to its own bytes (a surrogate pair to four, a lone
			// surrogate to one '?'), so the decoded suffix is exactly as long as the text's suffix.
			int start = text.length() - new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).length();
			if (start > 0 && Character.isLowSurrogate(text.charAt(start)) && Character.isHighSurrogate(text.charAt(start - 1))) {
				start++;
			}
			int alone = count(text.substring(start));
			if (alone <= maxTokens) {
				return start;
			}
			keep -= Math.max(1, (int) (alone - maxTokens));
		}
		return text.length();
	}

	private Encoding encoding() {
		return LOADED.computeIfAbsent(encodingName, TokenCounter::load);
	}

	/**
	 * Loads one encoding. The lazy registry reads only the table asked for, unlike
	 * {@code Encodings.newDefaultEncodingRegistry()}, which reads all four: the bundle carries only
	 * the tables of {@link #KNOWN_ENCODINGS}.
	 */
	private static Encoding load(String name) {
		EncodingType type = EncodingType.fromName(name).orElseThrow(
				() -> new KernelException("JTokkit has no token encoding '" + name + "'"));
		try {
			return Encodings.newLazyEncodingRegistry().getEncoding(type);
		} catch (RuntimeException e) {
			throw new KernelException("cannot load token encoding " + name + ": " + e.getMessage(), e);
		}
	}

	@Override
	public String toString() {
		return "TokenCounter[" + encodingName + "]";
	}
}
