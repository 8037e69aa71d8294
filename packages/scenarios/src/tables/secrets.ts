/**
 * Secrets never leak. The client holds the marker management key, and `create` and the
 * rotating `update` carry the marker provider key. Every operation is driven into every error
 * it can meet against the mock server (each fault, each refusal, bad arguments, an insecure
 * URL, a refused connection, a timeout), and neither marker may appear in the error (every
 * rendering), in any log line at any level, in any span, or in the server's request log.
 */
import type { ByokKey, Fault, LoggedRequest, StartOptions } from "openrouter-byok-mock-server"
import { apiKeyMarker, markers, providerKeyMarker } from "../markers.js"
import type { Call, ClientPlan, OperationName, Scenario, Table } from "../scenario.js"
import { secret } from "../scenario.js"
import { keyId, storedKey } from "../wireFixtures.js"

/** The id of the credential the operations address. */
export const addressedId = keyId(1)

/** The credential the operations address, global, and byok-only so that making it a fallback is a 400. */
const addressed: ByokKey = storedKey(1, { declaredZdr: null, isByokOnly: true, isRequired: false })

const providerKey = secret(providerKeyMarker)

/** A valid call of each operation; `update` rotates the provider key, so the provider key travels. */
const validCalls: Record<OperationName, Call> = {
  list: { operation: "list" },
  listItems: { operation: "listItems" },
  get: { operation: "get", id: addressedId },
  create: { operation: "create", input: { provider: "openai", key: providerKey } },
  update: { operation: "update", id: addressedId, patch: { name: "rotated", key: providerKey } },
  delete: { operation: "delete", id: addressedId }
}

/** A call each operation refuses before sending. */
const refusedCalls: Record<OperationName, Call> = {
  list: { operation: "list", params: { limit: 0 } },
  listItems: { operation: "listItems", params: { offset: -1 } },
  get: { operation: "get", id: ".." },
  create: { operation: "create", input: { provider: "", key: providerKey } },
  update: { operation: "update", id: addressedId, patch: { key: providerKey, allowedApiKeyHashes: [] } },
  delete: { operation: "delete", id: "" }
}

const operationNames: ReadonlyArray<OperationName> = ["list", "listItems", "get", "create", "update", "delete"]

/** One way an operation fails: the server, the client's settings, the call, and the error's tag. */
interface Path {
  readonly path: string
  readonly expected: string
  readonly server?: Omit<StartOptions, "store" | "port">
  readonly faults?: ReadonlyArray<Fault>
  readonly apiUrl?: ClientPlan["apiUrl"]
  readonly call?: Call
}

const pathsOf = (operation: OperationName): ReadonlyArray<Path> => {
  const create = operation === "create"
  // create retries no failure that may have taken effect: its first fault is its last.
  const retried = (fault: Fault): ReadonlyArray<Fault> => create ? [fault] : [fault, fault]
  const byId = operation === "get" || operation === "update" || operation === "delete"
  const withId = (id: string): Call =>
    operation === "get"
      ? { operation, id }
      : operation === "update"
      ? { operation, id, patch: { key: providerKey } }
      : { operation: "delete", id }
  return [
    { path: "refused argument", expected: "InvalidRequest", call: refusedCalls[operation] },
    ...(create || operation === "update"
      ? [{
        path: "a provider key given as a plain string",
        expected: "InvalidRequest",
        call: create
          ? { operation: "create", input: { provider: "openai", key: providerKeyMarker } }
          : { operation: "update", id: addressedId, patch: { key: providerKeyMarker } }
      }, {
        path: "a Redacted provider key that holds no string (a parsed secrets file)",
        expected: "InvalidRequest",
        call: create
          ? { operation: "create", input: { provider: "openai", key: secret({ openai: providerKeyMarker }) } }
          : { operation: "update", id: addressedId, patch: { key: secret({ openai: providerKeyMarker }) } }
      }] satisfies ReadonlyArray<Path>
      : []),
    { path: "plain http to a remote host", expected: "InvalidRequest", apiUrl: "http://example.com/api/v1" },
    {
      path: "401, a key the server does not know",
      expected: "Unauthorized",
      server: { apiKey: "sk-or-v1-another-key" }
    },
    {
      path: "403, not a management key",
      expected: "Forbidden",
      server: { apiKey: "sk-or-v1-another-key", nonManagementApiKeys: [apiKeyMarker] }
    },
    ...(byId ? [{ path: "404", expected: "NotFound", call: withId("00000000-0000-4000-8000-000000000404") }] : []),
    ...(operation === "list" || operation === "listItems"
      ? [{
        path: "400, the default workspace was deleted",
        expected: "BadRequest",
        server: { defaultWorkspaceId: null }
      }]
      : []),
    ...(create
      ? [
        {
          path: "400, a provider the server does not know",
          expected: "BadRequest",
          call: { operation: "create", input: { provider: "no-such-provider", key: providerKey } }
        } satisfies Path
      ]
      : []),
    ...(operation === "update"
      ? [
        {
          path: "400, a byok-only credential made a fallback",
          expected: "BadRequest",
          call: { operation: "update", id: addressedId, patch: { key: providerKey, isFallback: true } }
        } satisfies Path
      ]
      : []),
    { path: "429", expected: "RateLimited", faults: ["http429", "http429"] },
    { path: "500", expected: "InternalServer", faults: retried("http500") },
    { path: "502 with an HTML page", expected: "UnexpectedStatus", faults: retried("http502") },
    { path: "503 with an HTML page", expected: "UnexpectedStatus", faults: retried("http503") },
    { path: "connection cut before the answer", expected: "TransportError", faults: retried("dropConnection") },
    { path: "body cut off before its Content-Length", expected: "TransportError", faults: retried("truncateBody") },
    // A cut-off delete did delete: its retry's 404 means done, so it succeeds (and is searched all the same).
    ...(operation === "delete"
      ? [{ path: "body cut off, then 404", expected: "Success", faults: ["truncateBody"] } satisfies Path]
      : []),
    { path: "no answer before requestTimeout", expected: "TransportError", faults: retried("hang") },
    { path: "connection refused", expected: "TransportError", apiUrl: "refused" },
    { path: "a 200 that is not JSON", expected: "DecodeError", faults: ["nonJsonBody"] }
  ]
}

/** The kind of key every request that reached the server carried. */
const sentWith = (path: Path): LoggedRequest["authorization"] =>
  path.server?.nonManagementApiKeys !== undefined
    ? "non-management"
    : path.server?.apiKey !== undefined
    ? "invalid"
    : "management"

export const secrets: Table = {
  name: "secrets",
  about: "Every operation, driven into every error it can meet, lets neither the management key nor the " +
    "provider key into its error, a log line, a span or the server's request log.",
  scenarios: operationNames.flatMap((operation) =>
    pathsOf(operation).map((path): Scenario => ({
      name: `${operation} never lets a key out: ${path.path}: ${path.expected}`,
      server: {
        options: { keys: [addressed], faults: { retryAfterSeconds: 0 }, ...path.server },
        ...(path.faults === undefined ? {} : { faults: path.faults })
      },
      client: { retries: 1, ...(path.apiUrl === undefined ? {} : { apiUrl: path.apiUrl }) },
      call: path.call ?? validCalls[operation],
      clock: "test",
      expect: {
        outcome: path.expected === "Success"
          ? { _tag: "Success" }
          : { _tag: "Failure", error: { _tag: path.expected } },
        nothingContains: markers,
        // Not vacuous: whatever reached the server was sent with the marker management key.
        sentWith: sentWith(path)
      }
    }))
  )
}
