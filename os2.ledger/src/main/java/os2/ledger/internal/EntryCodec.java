package os2.ledger.internal;

import java.util.Map;
import java.util.function.Function;

import os2.ledger.api.Entry;
import os2.ledger.api.EntryDraft;
import os2.ledger.api.LedgerException;

/** Entries to and from their canonical JSON: {@code actor, kind, lamport, payload, run, session, wall}. */
final class EntryCodec {

	private EntryCodec() {
	}

	/** Payloads larger than this go to the blob store; the entry keeps their hash and size. */
	static final int BLOB_THRESHOLD = 64 * 1024;
	static final String BLOB_KEY = "$blob";

	static byte[] encode(EntryDraft draft, String actor, long wallMillis) {
		return encode(draft, actor, wallMillis, (Function<byte[], String>) null);
	}

	/** @param blobs where a large payload goes; null refuses large payloads */
	static byte[] encode(EntryDraft draft, String actor, long wallMillis, BlobStore blobs) {
		return encode(draft, actor, wallMillis, blobs == null ? null : blobs::put);
	}

	/** @param blobs stores a large payload and returns its hex SHA-256; null refuses large payloads */
	static byte[] encode(EntryDraft draft, String actor, long wallMillis, Function<byte[], String> blobs) {
		byte[] payloadJson = CanonicalJson.write(draft.payload());
		// The fields in their canonical (sorted) order, laid out here rather than sorted from a map
		// on every append; EntryCodecTest holds this to CanonicalJson's own order.
		JsonBytes out = new JsonBytes(payloadJson.length + 192);
		out.ascii("{\"actor\":");
		CanonicalJson.write(actor, out);
		out.ascii(",\"kind\":");
		CanonicalJson.write(draft.kind(), out);
		out.ascii(",\"lamport\":");
		CanonicalJson.write(draft.lamport(), out);
		out.ascii(",\"payload\":");
		if (payloadJson.length > BLOB_THRESHOLD && blobs != null) {
			CanonicalJson.write(Map.of(BLOB_KEY, blobs.apply(payloadJson), "size", (long) payloadJson.length), out);
		} else {
			out.bytes(payloadJson); // written once, above, to measure it
		}
		out.ascii(",\"run\":");
		CanonicalJson.write(draft.run(), out);
		out.ascii(",\"session\":");
		CanonicalJson.write(draft.session(), out);
		out.ascii(",\"wall\":");
		CanonicalJson.write(wallMillis, out);
		out.ascii('}');
		byte[] json = out.toByteArray();
		if (json.length > Record.MAX_JSON) {
			throw new LedgerException("an entry of " + json.length + " bytes is over the " + Record.MAX_JSON
					+ "-byte limit; put large data in the blob store and record its hash");
		}
		return json;
	}

	@SuppressWarnings("unchecked")
	static Entry decode(long index, byte[] json) {
		Map<String, Object> fields = CanonicalJson.parseObject(json);
		try {
			return new Entry(index, (String) fields.get("kind"), (String) fields.get("session"), (String) fields.get("run"),
					(Long) fields.get("lamport"), (Long) fields.get("wall"), (String) fields.get("actor"),
					(Map<String, Object>) fields.get("payload"), new String(json, java.nio.charset.StandardCharsets.UTF_8));
		} catch (ClassCastException e) {
			throw new LedgerException("entry " + index + " is not shaped like a ledger entry: " + e.getMessage());
		}
	}
}
