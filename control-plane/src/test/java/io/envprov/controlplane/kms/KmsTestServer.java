package io.envprov.controlplane.kms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A test double of the AWS KMS protocol, not AWS KMS: a JDK {@link HttpServer} that speaks AWS JSON
 * 1.1 ({@code Content-Type: application/x-amz-json-1.1}, {@code X-Amz-Target:
 * TrentService.<Operation>}) for {@code GenerateDataKey}, {@code Encrypt}, {@code Decrypt}, {@code
 * DescribeKey}, {@code CreateKey}, {@code CreateAlias} and {@code DisableKey}, so the real AWS SDK
 * can be tested against it. Underneath is real AES-256-GCM with one master key per KMS key;
 * ciphertext blobs name their key, as KMS's do. Errors have KMS's shapes ({@code
 * {"__type":"NotFoundException","message":..}}, status 400; {@code KMSInternalException}, status
 * 500). Signatures are not verified.
 *
 * <p>An outage is simulated with {@link #setAvailable(boolean)} (connections refused) or {@link
 * #setOutage(Outage)}.
 *
 * <pre>{@code
 * try (KmsTestServer kms = KmsTestServer.start()) {
 *   String key = kms.createKey();
 *   kms.createAlias("alias/app", key);
 *   // controlplane.kms.provider=aws, key-id=alias/app, region=KmsTestServer.REGION,
 *   // endpoint=kms.endpoint(), access-key-id=test, secret-access-key=test
 * }
 * }</pre>
 */
public final class KmsTestServer implements AutoCloseable {

  /** The region key ARNs name. */
  public static final String REGION = "us-east-1";

  /** The account key ARNs name. */
  public static final String ACCOUNT = "111122223333";

  /** How the server fails while it is out. */
  public enum Outage {
    /** Answers normally. */
    NONE,
    /** Not listening: connections are refused. */
    CONNECTION_REFUSED,
    /** Accepts requests and never answers (until the outage ends). */
    STALLED,
    /** Answers every request 500 {@code KMSInternalException}. */
    INTERNAL_ERROR,
    /** Answers every request 400 {@code ThrottlingException}. */
    THROTTLED
  }

  private static final String JSON_11 = "application/x-amz-json-1.1";
  private static final String TARGET_PREFIX = "TrentService.";
  private static final int NONCE_BYTES = 12;
  private static final int KEY_ID_BYTES = 36;
  private static final byte BLOB_VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "kms-test-server");
            thread.setDaemon(true);
            return thread;
          });

  private volatile Outage outage = Outage.NONE;
  private volatile CountDownLatch stall = new CountDownLatch(1);
  private @Nullable HttpServer server;
  private int port;

  private record Key(String id, String arn, SecretKeySpec master, boolean enabled, String usage) {}

  /** The usage of symmetric keys that wrap data keys. */
  private static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";

  private KmsTestServer() {}

  /** Starts a server on a free port of the loopback interface. */
  public static KmsTestServer start() {
    KmsTestServer kms = new KmsTestServer();
    kms.listen(0);
    return kms;
  }

  /** Where to send requests ({@code controlplane.kms.endpoint}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Creates an enabled symmetric key with a fresh master key and answers its key id. */
  public String createKey() {
    return createKey(ENCRYPT_DECRYPT);
  }

  /**
   * Creates an enabled key of another usage ({@code SIGN_VERIFY}, {@code GENERATE_VERIFY_MAC}): KMS
   * refuses to encrypt or make data keys under it ({@code InvalidKeyUsageException}).
   */
  public String createKey(String usage) {
    byte[] master = new byte[32];
    RANDOM.nextBytes(master);
    String id = UUID.randomUUID().toString();
    keys.put(id, new Key(id, arn(id), new SecretKeySpec(master, "AES"), true, usage));
    return id;
  }

  /** The ARN of a key id. */
  public static String arn(String keyId) {
    return "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
  }

  /** Points {@code aliasName} ({@code alias/...}) at a key, creating or moving the alias. */
  public void createAlias(String aliasName, String keyId) {
    if (!aliasName.startsWith("alias/")) {
      throw new IllegalArgumentException("an alias name starts with alias/");
    }
    aliases.put(aliasName, find(keyId).id());
  }

  /** Disables a key: it neither encrypts nor decrypts any more. */
  public void disableKey(String keyId) {
    Key key = find(keyId);
    keys.put(key.id(), new Key(key.id(), key.arn(), key.master(), false, key.usage()));
  }

  /** {@code false} refuses connections (an outage), {@code true} ends any outage. */
  public void setAvailable(boolean available) {
    setOutage(available ? Outage.NONE : Outage.CONNECTION_REFUSED);
  }

  /** Starts or ends an outage. */
  public synchronized void setOutage(Outage next) {
    Outage previous = outage;
    if (previous == next) {
      return;
    }
    if (next == Outage.STALLED) {
      stall = new CountDownLatch(1);
    }
    outage = next;
    if (previous == Outage.STALLED) {
      stall.countDown();
    }
    if (next == Outage.CONNECTION_REFUSED) {
      stopListening();
    } else if (previous == Outage.CONNECTION_REFUSED) {
      listen(port);
    }
  }

  /** Requests received (refused connections are not requests). */
  public int requests() {
    return total.get();
  }

  /** Requests received for one operation, e.g. {@code "Decrypt"}. */
  public int requests(String operation) {
    AtomicInteger count = requests.get(operation);
    return count == null ? 0 : count.get();
  }

  @Override
  public synchronized void close() {
    stall.countDown();
    stopListening();
    executor.shutdownNow();
  }

  private void listen(int onPort) {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
      http.setExecutor(executor);
      http.createContext("/", this::handle);
      http.start();
      server = http;
      port = http.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + onPort, e);
    }
  }

  private void stopListening() {
    HttpServer http = server;
    server = null;
    if (http != null) {
      http.stop(0);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String operation =
          target != null && target.startsWith(TARGET_PREFIX)
              ? target.substring(TARGET_PREFIX.length())
              : String.valueOf(target);
      total.incrementAndGet();
      requests.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
      if (outage == Outage.STALLED) {
        awaitEndOfStall();
        return;
      }
      if (outage == Outage.INTERNAL_ERROR) {
        error(exchange, 500, "KMSInternalException", "The request was not processed.");
        return;
      }
      if (outage == Outage.THROTTLED) {
        error(exchange, 400, "ThrottlingException", "Rate exceeded");
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())
          || !String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))
              .startsWith(JSON_11)) {
        error(exchange, 400, "SerializationException", "expected a JSON 1.1 POST");
        return;
      }
      if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
        error(exchange, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
        return;
      }
      try {
        JsonNode request = JSON.readTree(body.length == 0 ? "{}".getBytes() : body);
        ObjectNode response = dispatch(operation, request);
        send(exchange, 200, response);
      } catch (KmsError e) {
        error(exchange, e.status, e.type, e.getMessage());
      }
    }
  }

  private void awaitEndOfStall() {
    try {
      stall.await(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ObjectNode dispatch(String operation, JsonNode request) {
    return switch (operation) {
      case "GenerateDataKey" -> generateDataKey(request);
      case "Encrypt" -> encrypt(request);
      case "Decrypt" -> decrypt(request);
      case "CreateKey" -> createKeyOperation();
      case "DescribeKey" -> {
        ObjectNode response = JSON.createObjectNode();
        response.set("KeyMetadata", metadata(find(text(request, "KeyId"))));
        yield response;
      }
      case "CreateAlias" -> {
        createAlias(text(request, "AliasName"), text(request, "TargetKeyId"));
        yield JSON.createObjectNode();
      }
      case "DisableKey" -> {
        disableKey(text(request, "KeyId"));
        yield JSON.createObjectNode();
      }
      default ->
          throw new KmsError(400, "UnknownOperationException", "unknown operation " + operation);
    };
  }

  private ObjectNode generateDataKey(JsonNode request) {
    Key key = usable(text(request, "KeyId"));
    int bytes;
    if (request.has("NumberOfBytes")) {
      bytes = request.get("NumberOfBytes").asInt();
    } else {
      String spec = text(request, "KeySpec");
      bytes =
          switch (spec) {
            case "AES_256" -> 32;
            case "AES_128" -> 16;
            default -> throw new KmsError(400, "ValidationException", "bad KeySpec " + spec);
          };
    }
    if (bytes < 1 || bytes > 1024) {
      throw new KmsError(400, "ValidationException", "NumberOfBytes out of range");
    }
    byte[] plaintext = new byte[bytes];
    RANDOM.nextBytes(plaintext);
    ObjectNode response = JSON.createObjectNode();
    response.put("CiphertextBlob", base64(seal(key, plaintext)));
    response.put("Plaintext", base64(plaintext));
    response.put("KeyId", key.arn());
    return response;
  }

  private ObjectNode encrypt(JsonNode request) {
    Key key = usable(text(request, "KeyId"));
    byte[] plaintext = blob(request, "Plaintext");
    if (plaintext.length < 1 || plaintext.length > 4096) {
      throw new KmsError(400, "ValidationException", "Plaintext must be 1 to 4096 bytes");
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("CiphertextBlob", base64(seal(key, plaintext)));
    response.put("KeyId", key.arn());
    response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    return response;
  }

  private ObjectNode decrypt(JsonNode request) {
    byte[] blob = blob(request, "CiphertextBlob");
    if (blob.length < 1 + KEY_ID_BYTES + NONCE_BYTES + 16 || blob[0] != BLOB_VERSION) {
      throw new KmsError(400, "InvalidCiphertextException", null);
    }
    String blobKeyId = new String(blob, 1, KEY_ID_BYTES, StandardCharsets.US_ASCII);
    Key key = keys.get(blobKeyId);
    if (key == null) {
      throw new KmsError(400, "InvalidCiphertextException", null);
    }
    if (request.has("KeyId") && !find(text(request, "KeyId")).id().equals(key.id())) {
      throw new KmsError(
          400,
          "IncorrectKeyException",
          "The key ID in the request does not identify a CMK that can perform this operation.");
    }
    if (!key.enabled()) {
      throw new KmsError(400, "DisabledException", key.arn() + " is disabled.");
    }
    byte[] plaintext;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          key.master(),
          new GCMParameterSpec(128, blob, 1 + KEY_ID_BYTES, NONCE_BYTES));
      cipher.updateAAD(blob, 0, 1 + KEY_ID_BYTES);
      int offset = 1 + KEY_ID_BYTES + NONCE_BYTES;
      plaintext = cipher.doFinal(blob, offset, blob.length - offset);
    } catch (GeneralSecurityException e) {
      throw new KmsError(400, "InvalidCiphertextException", null);
    }
    ObjectNode response = JSON.createObjectNode();
    response.put("KeyId", key.arn());
    response.put("Plaintext", base64(plaintext));
    response.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    return response;
  }

  private ObjectNode createKeyOperation() {
    ObjectNode response = JSON.createObjectNode();
    response.set("KeyMetadata", metadata(keys.get(createKey())));
    return response;
  }

  private static ObjectNode metadata(Key key) {
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("KeyId", key.id());
    metadata.put("Arn", key.arn());
    metadata.put("AWSAccountId", ACCOUNT);
    metadata.put("Enabled", key.enabled());
    metadata.put("KeyState", key.enabled() ? "Enabled" : "Disabled");
    metadata.put("KeyUsage", key.usage());
    metadata.put("KeySpec", ENCRYPT_DECRYPT.equals(key.usage()) ? "SYMMETRIC_DEFAULT" : "RSA_2048");
    metadata.put("KeyManager", "CUSTOMER");
    return metadata;
  }

  /** Blob: version, key id (36 ASCII bytes), nonce, AES-GCM ciphertext and tag; AAD the header. */
  private static byte[] seal(Key key, byte[] plaintext) {
    byte[] header = new byte[1 + KEY_ID_BYTES];
    header[0] = BLOB_VERSION;
    System.arraycopy(key.id().getBytes(StandardCharsets.US_ASCII), 0, header, 1, KEY_ID_BYTES);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.master(), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(header);
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(header.length + nonce.length + sealed.length)
          .put(header)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key by id, key ARN, alias name or alias ARN. */
  private Key find(String keyId) {
    String id = keyId;
    String aliasArnPrefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/";
    if (id.startsWith(aliasArnPrefix)) {
      id = "alias/" + id.substring(aliasArnPrefix.length());
    }
    if (id.startsWith("alias/")) {
      String target = aliases.get(id);
      if (target == null) {
        throw new KmsError(
            400,
            "NotFoundException",
            "Alias '" + aliasArnPrefix + id.substring(6) + "' is not found.");
      }
      id = target;
    }
    String keyArnPrefix = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/";
    if (id.startsWith(keyArnPrefix)) {
      id = id.substring(keyArnPrefix.length());
    }
    Key key = keys.get(id);
    if (key == null) {
      throw new KmsError(400, "NotFoundException", "Key '" + arn(id) + "' does not exist");
    }
    return key;
  }

  private Key usable(String keyId) {
    Key key = find(keyId);
    if (!key.enabled()) {
      throw new KmsError(400, "DisabledException", key.arn() + " is disabled.");
    }
    if (!ENCRYPT_DECRYPT.equals(key.usage())) {
      throw new KmsError(
          400, "InvalidKeyUsageException", key.arn() + " key usage is " + key.usage() + ".");
    }
    return key;
  }

  private static String text(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || !value.isString()) {
      throw new KmsError(400, "ValidationException", field + " is required");
    }
    return value.asString();
  }

  private static byte[] blob(JsonNode request, String field) {
    try {
      return Base64.getDecoder().decode(text(request, field));
    } catch (IllegalArgumentException e) {
      throw new KmsError(400, "SerializationException", field + " is not base64");
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void error(
      HttpExchange exchange, int status, String type, @Nullable String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    if (message != null) {
      body.put("message", message);
    }
    exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", JSON_11);
    exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static final class KmsError extends RuntimeException {
    private final int status;
    private final String type;

    KmsError(int status, String type, @Nullable String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }
  }
}
