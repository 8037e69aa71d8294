import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { ByokKey, OpenRouterByok, OpenRouterByokError } from "effect4-openrouter-byok"
import { ByokKeyFixtures, OpenRouterByokTest } from "effect4-openrouter-byok/testing"

const keys = ByokKeyFixtures.make({ count: 230, seed: 7 })
const defaultWorkspace = ByokKeyFixtures.defaultWorkspaceId
const visibleInDefault = keys.filter((key) => key.workspaceId === defaultWorkspace || key.workspaceId === null)

const collectPages = (params?: ByokKey.ListParams) => Stream.runCollect(OpenRouterByok.list(params))

const collectItems = (params?: ByokKey.ListParams) => Stream.runCollect(OpenRouterByok.listItems(params))

const secret = Redacted.make("sk-proj-RAW-PROVIDER-SECRET-0001XyZw")

describe("OpenRouterByokTest", () => {
  describe("list", () => {
    it.effect("pages through the default workspace and the global credentials with totalCount", () =>
      Effect.gen(function*() {
        const pages = yield* collectPages({ limit: 40 })
        expect(pages.map((page) => page.offset)).toEqual(
          Array.from({ length: Math.ceil(visibleInDefault.length / 40) }, (_, i) => i * 40)
        )
        expect(pages.every((page) => page.totalCount === visibleInDefault.length && page.limit === 40)).toBe(true)
        expect(pages.flatMap((page) => page.data.map((key) => key.id))).toEqual(visibleInDefault.map((key) => key.id))
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("asks for pages of 100 by default, starting at offset", () =>
      Effect.gen(function*() {
        const items = yield* collectItems({ offset: 5 })
        expect(items.map((key) => key.id)).toEqual(visibleInDefault.slice(5).map((key) => key.id))
        const requests = yield* OpenRouterByokTest.requests
        expect(requests.map((request) => request.operation === "list" && [request.offset, request.limit])).toEqual([
          [5, 100],
          [105, 100]
        ])
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("accepts concurrency and still emits every page in order", () =>
      Effect.gen(function*() {
        const items = yield* collectItems({ limit: 10, concurrency: 4 })
        expect(items.map((key) => key.id)).toEqual(visibleInDefault.map((key) => key.id))
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("lists another workspace, with the global credentials, when workspaceId names it", () =>
      Effect.gen(function*() {
        const workspace = ByokKeyFixtures.workspaceIds[1]!
        const items = yield* collectItems({ workspaceId: workspace })
        expect(items.map((key) => key.id)).toEqual(
          keys.filter((key) => key.workspaceId === workspace || key.workspaceId === null).map((key) => key.id)
        )
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("takes a workspace id in capitals for the same workspace, as UUIDs are compared, and stores it in lowercase", () =>
      Effect.gen(function*() {
        const workspace = ByokKeyFixtures.workspaceIds[1]!
        const items = yield* collectItems({ workspaceId: workspace.toUpperCase() })
        expect(items.map((key) => key.id)).toEqual(
          keys.filter((key) => key.workspaceId === workspace || key.workspaceId === null).map((key) => key.id)
        )
        const created = yield* OpenRouterByok.create({
          provider: "openai",
          key: secret,
          workspaceId: workspace.toUpperCase()
        })
        expect(created.workspaceId).toBe(workspace)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("filters by provider, unknown-to-the-library providers included", () =>
      Effect.gen(function*() {
        const unknown = visibleInDefault.find((key) => !ByokKey.isKnownProviderSlug(key.provider))!.provider
        for (const provider of ["openai", unknown]) {
          const items = yield* collectItems({ provider })
          expect(items.length).toBeGreaterThan(0)
          expect(items.map((key) => key.id)).toEqual(
            visibleInDefault.filter((key) => key.provider === provider).map((key) => key.id)
          )
        }
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("answers an empty workspace with one empty page", () =>
      Effect.gen(function*() {
        const pages = yield* collectPages({ workspaceId: "00000000-0000-4000-8000-000000000000" })
        expect(pages).toEqual([{ data: [], totalCount: 0, offset: 0, limit: 100 }])
      }).pipe(Effect.provide(OpenRouterByokTest.layer([]))))

    it.effect("refuses a provider slug the server does not know with BadRequest, as the API's 400", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(collectPages({ provider: "no-such-provider" }))
        expect(error._tag).toBe("BadRequest")
        expect(error).toMatchObject({ status: 400, request: "GET /byok?offset=0&limit=100&provider=no-such-provider" })
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("answers BadRequest when the default workspace was deleted and no workspaceId is given", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(collectPages())
        expect(error._tag).toBe("BadRequest")
        const named = yield* collectItems({ workspaceId: defaultWorkspace })
        expect(named.length).toBe(visibleInDefault.length)
      }).pipe(Effect.provide(OpenRouterByokTest.layer({ keys, defaultWorkspaceId: null }))))

    it.effect("refuses bad arguments with the client's InvalidRequest, and records nothing", () =>
      Effect.gen(function*() {
        for (const params of [{ limit: 0 }, { limit: 101 }, { limit: 1.5 }, { offset: -1 }, { concurrency: 0 }]) {
          const error = yield* Effect.flip(collectPages(params))
          expect(error).toBeInstanceOf(OpenRouterByokError.InvalidRequest)
          expect(error).toMatchObject({ operation: "OpenRouterByok.list" })
        }
        expect(yield* OpenRouterByokTest.requests).toEqual([])
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))
  })

  describe("get", () => {
    it.effect("returns a credential by id, and NotFound for an unknown id", () =>
      Effect.gen(function*() {
        const key = yield* OpenRouterByok.get(keys[3]!.id)
        expect(key).toEqual(keys[3])
        const error = yield* Effect.flip(OpenRouterByok.get("11111111-2222-3333-4444-555555555555"))
        expect(error).toBeInstanceOf(OpenRouterByokError.NotFound)
        expect(error).toMatchObject({ status: 404, serverMessage: "Resource not found" })
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("finds credentials of any workspace", () =>
      Effect.gen(function*() {
        const elsewhere = keys.find((key) => key.workspaceId === ByokKeyFixtures.workspaceIds[2])!
        expect((yield* OpenRouterByok.get(elsewhere.id)).id).toBe(elsewhere.id)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("refuses an empty or dot id with InvalidRequest", () =>
      Effect.gen(function*() {
        for (const id of ["", ".", ".."]) {
          expect(yield* Effect.flip(OpenRouterByok.get(id))).toBeInstanceOf(OpenRouterByokError.InvalidRequest)
        }
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("fills what seeded credentials left out, as a server would", () =>
      Effect.gen(function*() {
        const key = yield* OpenRouterByok.get("minimal")
        expect(key).toMatchObject({
          id: "minimal",
          name: null,
          declaredZdr: null,
          isByokOnly: false,
          isRequired: false,
          declaredRegion: null
        })
      }).pipe(Effect.provide(OpenRouterByokTest.layer([{
        id: "minimal",
        provider: "openai",
        label: "sk-...AbCd",
        disabled: false,
        workspaceId: null,
        isFallback: false,
        allowedModels: null,
        allowedApiKeyHashes: null,
        allowedUserIds: null,
        sortOrder: 0,
        createdAt: "2025-08-24T10:30:00Z"
      }]))))
  })

  describe("create, update, delete", () => {
    it.effect("creates a credential in the default workspace that get and list then see", () =>
      Effect.gen(function*() {
        const created = yield* OpenRouterByok.create({ provider: "openai", key: secret, name: "Production" })
        expect(created).toMatchObject({
          provider: "openai",
          name: "Production",
          label: "sk-...XyZw",
          workspaceId: defaultWorkspace,
          disabled: false,
          isFallback: false,
          allowedModels: null,
          sortOrder: keys.filter((key) => key.provider === "openai" && key.workspaceId === defaultWorkspace).length,
          declaredZdr: null,
          isByokOnly: false,
          isRequired: false
        })
        expect(yield* OpenRouterByok.get(created.id)).toEqual(created)
        const listed = yield* collectItems({ provider: "openai" })
        expect(listed.at(-1)).toEqual(created)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("keeps the raw provider key only as a Redacted, never in a returned credential", () =>
      Effect.gen(function*() {
        const created = yield* OpenRouterByok.create({ provider: "anthropic", key: secret })
        expect(JSON.stringify(created)).not.toContain(Redacted.value(secret))
        expect(JSON.stringify(yield* OpenRouterByokTest.requests)).not.toContain(Redacted.value(secret))
        const stored = yield* OpenRouterByokTest.providerKeyOf(created.id)
        expect(Option.map(stored, Redacted.value)).toEqual(Option.some(Redacted.value(secret)))
      }).pipe(Effect.provide(OpenRouterByokTest.layer([]))))

    it.effect("refuses invalid input with InvalidRequest before anything is recorded", () =>
      Effect.gen(function*() {
        const refused = [
          { provider: "openai", key: Redacted.make("") },
          { provider: "openai", key: secret, isFallback: true, isByokOnly: true },
          { provider: "openai", key: secret, allowedApiKeyHashes: ["not-a-hash"] },
          { provider: "openai", key: "plain" as unknown as Redacted.Redacted<string> }
        ]
        for (const input of refused) {
          expect(yield* Effect.flip(OpenRouterByok.create(input))).toBeInstanceOf(OpenRouterByokError.InvalidRequest)
        }
        expect(yield* OpenRouterByokTest.requests).toEqual([])
      }).pipe(Effect.provide(OpenRouterByokTest.layer([]))))

    it.effect("refuses a workspace id that is not a UUID with BadRequest, in create and list", () =>
      Effect.gen(function*() {
        expect(yield* Effect.flip(OpenRouterByok.create({ provider: "openai", key: secret, workspaceId: "team-a" })))
          .toBeInstanceOf(OpenRouterByokError.BadRequest)
        expect(yield* Effect.flip(collectPages({ workspaceId: "team-a" }))).toBeInstanceOf(
          OpenRouterByokError.BadRequest
        )
      }).pipe(Effect.provide(OpenRouterByokTest.layer([]))))

    it.effect("refuses a provider the server does not know with BadRequest", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(OpenRouterByok.create({ provider: "brand-new-provider", key: secret }))
        expect(error).toBeInstanceOf(OpenRouterByokError.BadRequest)
      }).pipe(Effect.provide(OpenRouterByokTest.layer([]))))

    it.effect("updates only the fields given: null clears, absent leaves as is, key rotates the label", () =>
      Effect.gen(function*() {
        const original = keys.find((key) => key.allowedModels !== null && key.allowedUserIds !== null)!
        const updated = yield* OpenRouterByok.update(original.id, {
          allowedModels: null,
          disabled: true,
          key: Redacted.make("sk-rotated-0000000000000000QrSt")
        })
        expect(updated).toEqual({ ...original, allowedModels: null, disabled: true, label: "sk-...QrSt" })
        expect(yield* OpenRouterByok.get(original.id)).toEqual(updated)
        const untouched = yield* OpenRouterByok.update(original.id, {})
        expect(untouched).toEqual(updated)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("takes a field set to undefined as left out, as the HTTP path does", () =>
      Effect.gen(function*() {
        const original = keys[1]!
        const patch: Record<string, unknown> = { disabled: !original.disabled, name: undefined, isFallback: undefined }
        const updated = yield* OpenRouterByok.update(original.id, patch as ByokKey.UpdateByokKeyPatch)
        expect(updated).toEqual({ ...original, disabled: !original.disabled })
        // What a caller without exactOptionalPropertyTypes writes: an optional value passed on as it is.
        const createNamed = (name?: string) =>
          OpenRouterByok.create({ provider: "openai", key: secret, name } as ByokKey.CreateByokKeyInput)
        expect((yield* createNamed()).name).toBeNull()
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("keeps a declared region the patch leaves out, and clears it on null", () =>
      Effect.gen(function*() {
        const created = yield* OpenRouterByok.create({ provider: "azure", key: secret, declaredRegion: "us" })
        expect(created.declaredRegion).toBe("us")
        expect((yield* OpenRouterByok.update(created.id, { disabled: true })).declaredRegion).toBe("us")
        expect((yield* OpenRouterByok.update(created.id, { declaredRegion: "asia-pacific" })).declaredRegion).toBe(
          "asia-pacific"
        )
        expect((yield* OpenRouterByok.update(created.id, { declaredRegion: null })).declaredRegion).toBeNull()
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("ignores properties outside the schema, as the HTTP path drops them", () =>
      Effect.gen(function*() {
        const original = keys[0]!
        const patch = { disabled: true, workspaceId: "elsewhere", label: "forged" } as ByokKey.UpdateByokKeyPatch
        const updated = yield* OpenRouterByok.update(original.id, patch)
        expect(updated).toEqual({ ...original, disabled: true })
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("refuses to make a fallback credential byok-only with BadRequest", () =>
      Effect.gen(function*() {
        const fallback = keys.find((key) => key.isFallback)!
        const error = yield* Effect.flip(OpenRouterByok.update(fallback.id, { isByokOnly: true }))
        expect(error).toBeInstanceOf(OpenRouterByokError.BadRequest)
        expect((yield* OpenRouterByok.get(fallback.id)).isByokOnly).toBe(false)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("answers NotFound to updating or deleting an unknown id", () =>
      Effect.gen(function*() {
        expect(yield* Effect.flip(OpenRouterByok.update("missing", { disabled: true }))).toBeInstanceOf(
          OpenRouterByokError.NotFound
        )
        expect(yield* Effect.flip(OpenRouterByok.delete("missing"))).toBeInstanceOf(OpenRouterByokError.NotFound)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("deletes a credential: get then answers NotFound and list no longer shows it", () =>
      Effect.gen(function*() {
        const victim = visibleInDefault[0]!
        yield* OpenRouterByok.delete(victim.id)
        expect(yield* Effect.flip(OpenRouterByok.get(victim.id))).toBeInstanceOf(OpenRouterByokError.NotFound)
        const items = yield* collectItems()
        expect(items.length).toBe(visibleInDefault.length - 1)
        expect((yield* OpenRouterByokTest.keys).some((key) => key.id === victim.id)).toBe(false)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))
  })

  describe("shapes", () => {
    it.effect("leaves out declaredZdr, isByokOnly, isRequired and declaredRegion in the legacy shape", () =>
      Effect.gen(function*() {
        const items = yield* collectItems()
        for (const key of items) {
          expect(Object.keys(key)).not.toContain("declaredRegion")
          expect(Object.keys(key)).not.toContain("declaredZdr")
          expect(Object.keys(key)).not.toContain("isByokOnly")
          expect(Object.keys(key)).not.toContain("isRequired")
        }
        const created = yield* OpenRouterByok.create({ provider: "openai", key: secret, isRequired: true })
        expect("isRequired" in created).toBe(false)
      }).pipe(Effect.provide(OpenRouterByokTest.layer({ keys, shape: "legacy" }))))
  })

  describe("controls", () => {
    it.effect("records every request that reached the server, in order", () =>
      Effect.gen(function*() {
        const id = keys[0]!.id
        yield* OpenRouterByok.get(id)
        yield* OpenRouterByok.update(id, { name: "renamed" })
        yield* Effect.flip(OpenRouterByok.delete("missing"))
        expect(yield* OpenRouterByokTest.requests).toEqual([
          { operation: "get", id },
          { operation: "update", id, patch: { name: "renamed" } },
          { operation: "delete", id: "missing" }
        ])
        yield* OpenRouterByokTest.clearRequests
        expect(yield* OpenRouterByokTest.requests).toEqual([])
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("fails the next requests of an operation with the injected errors, then answers normally", () =>
      Effect.gen(function*() {
        const id = keys[0]!.id
        const rateLimited = new OpenRouterByokError.RateLimited({
          status: 429,
          request: "GET /byok/x",
          retryAfterMillis: 1000
        })
        const down = new OpenRouterByokError.InternalServer({ status: 500, request: "GET /byok/x" })
        yield* OpenRouterByokTest.failNext("get", rateLimited)
        yield* OpenRouterByokTest.failNext("get", down)
        // Effect may wrap the error to attach its span, so compare what it says rather than identity.
        expect((yield* Effect.flip(OpenRouterByok.get(id))).message).toBe(rateLimited.message)
        expect((yield* Effect.flip(OpenRouterByok.get(id))).message).toBe(down.message)
        expect((yield* OpenRouterByok.get(id)).id).toBe(id)
        expect((yield* OpenRouterByokTest.requests).length).toBe(3)
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("fails a page of a list mid-stream, after the pages before it were emitted", () =>
      Effect.gen(function*() {
        yield* OpenRouterByokTest.failNext(
          "list",
          new OpenRouterByokError.TransportError({ reason: "ConnectionLost", request: "GET /byok" })
        )
        const error = yield* Effect.flip(collectPages({ limit: 50 }))
        expect(error._tag).toBe("TransportError")
        expect((yield* collectPages({ limit: 50 })).length).toBe(Math.ceil(visibleInDefault.length / 50))
      }).pipe(Effect.provide(OpenRouterByokTest.layer(keys))))

    it.effect("gives created credentials ids that depend only on the seed", () =>
      Effect.gen(function*() {
        const createOne = OpenRouterByokTest.make({ seed: 99 }).pipe(
          Effect.flatMap((test) => test.client.create({ provider: "openai", key: secret })),
          Effect.map((key) => key.id)
        )
        expect(yield* createOne).toBe(yield* createOne)
      }))

    it.effect("refuses a seeded credential that is not a ByokKey with a defect naming it and the field", () =>
      Effect.gen(function*() {
        const withoutLabel: Record<string, unknown> = { ...keys[3]! }
        delete withoutLabel["label"]
        const exit = yield* Effect.exit(OpenRouterByokTest.make({ keys: [keys[0]!, withoutLabel as any] }))
        expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
        expect(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause)).toContain(
          `seeded credential 1 (id ${keys[3]!.id}) is not a ByokKey: label: Missing key`
        )
      }))

    it.effect("refuses a defaultWorkspaceId that is not a UUID with a defect naming it", () =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(OpenRouterByokTest.make({ defaultWorkspaceId: "acme" }))
        expect(Exit.isFailure(exit) && Cause.hasDies(exit.cause)).toBe(true)
        expect(Cause.pretty((exit as Exit.Failure<unknown, unknown>).cause)).toContain(
          `defaultWorkspaceId must be a UUID or null, not "acme"`
        )
      }))

    it.effect("takes workspace ids in capitals as the same workspace, kept in lowercase as the server keeps them", () =>
      Effect.gen(function*() {
        const upper = defaultWorkspace.toUpperCase()
        const seeded = keys.slice(0, 5).map((key) => ({ ...key, workspaceId: upper }))
        const test = yield* OpenRouterByokTest.make({ keys: seeded, defaultWorkspaceId: upper })
        const listed = yield* Stream.runCollect(test.client.listItems())
        expect(listed.map((key) => [key.id, key.workspaceId])).toEqual(seeded.map((key) => [key.id, defaultWorkspace]))
        const inWorkspace = yield* Stream.runCollect(test.client.listItems({ workspaceId: upper }))
        expect(inWorkspace.length).toBe(5)
        const created = yield* test.client.create({ provider: "openai", key: Redacted.make("sk-capitals-0000") })
        expect(created.workspaceId).toBe(defaultWorkspace)
      }))
  })
})
